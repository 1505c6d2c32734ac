import { describe, expect, it } from 'vitest';
import { answerTexts, withAnswerTexts } from './answer-texts.ts';

const upper = (texts: { text: string }[]): string[] => texts.map((text) => text.text.toUpperCase());

describe('answer texts', () => {
  it('reads a chat completion: each choice\'s content, refusal and tool call arguments', () => {
    const answer = {
      id: 'c',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'mail a@b.co' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: null, refusal: 'no', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] } },
      ],
      usage: { prompt_tokens: 1 },
    };
    const texts = answerTexts('chat', answer);
    expect(texts.map((text) => [text.part, text.text])).toEqual([
      ['content', 'mail a@b.co'],
      ['content', 'no'],
      ['tool_arguments', '{"a":1}'],
    ]);
    const written = withAnswerTexts('chat', answer, upper(texts));
    expect(written.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'MAIL A@B.CO' }, finish_reason: 'stop' },
      { index: 1, message: { role: 'assistant', content: null, refusal: 'NO', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{"A":1}' } }] } },
    ]);
    expect(written.usage).toBe(answer.usage);
  });

  it('reads a text completion', () => {
    const answer = { choices: [{ index: 0, text: 'hello' }] };
    expect(withAnswerTexts('completions', answer, upper(answerTexts('completions', answer))).choices).toEqual([{ index: 0, text: 'HELLO' }]);
  });

  it('reads a Responses API answer: output messages and function calls', () => {
    const answer = {
      output: [
        { type: 'reasoning', id: 'r', summary: [] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi', annotations: [] }] },
        { type: 'function_call', name: 'f', arguments: '{}' },
      ],
    };
    const texts = answerTexts('responses', answer);
    expect(texts.map((text) => [text.role, text.part, text.text])).toEqual([
      ['assistant', 'content', 'hi'],
      ['assistant', 'tool_arguments', '{}'],
    ]);
    expect((withAnswerTexts('responses', answer, ['HI', '{}']).output as unknown[])[1]).toEqual({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'HI', annotations: [] }],
    });
  });

  it('reads an Anthropic message: text blocks and tool_use input', () => {
    const answer = { type: 'message', content: [{ type: 'text', text: 'sure' }, { type: 'tool_use', id: 't', name: 'f', input: { q: 'x' } }] };
    const texts = answerTexts('messages', answer);
    expect(texts.map((text) => text.text)).toEqual(['sure', 'x']);
    expect(withAnswerTexts('messages', answer, upper(texts)).content).toEqual([
      { type: 'text', text: 'SURE' },
      { type: 'tool_use', id: 't', name: 'f', input: { q: 'X' } },
    ]);
  });

  it('finds no text in an embeddings answer', () => {
    expect(answerTexts('embeddings', { data: [{ embedding: [0.1] }] })).toEqual([]);
  });
});
