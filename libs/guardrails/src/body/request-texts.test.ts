import { describe, expect, it } from 'vitest';
import { requestTexts, withRequestTexts, type RequestOperation } from './request-texts.ts';

/** Extracts, checks the list, writes back upper-cased copies and checks the original was not changed. */
function roundTrip(operation: RequestOperation, body: Record<string, unknown>) {
  const before = structuredClone(body);
  const texts = requestTexts(operation, body);
  const written = withRequestTexts(operation, body, texts.map((text) => text.text.toUpperCase()));
  expect(body).toEqual(before);
  return { texts: texts.map((text) => [text.role ?? null, text.part, text.text]), written };
}

describe('request texts', () => {
  it('reads every text of a chat request: string content, text parts, tool call arguments and tool results', () => {
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } };
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }, image] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'mail', arguments: '{"to":"a@b.co"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sent' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] },
      ],
    };
    const { texts, written } = roundTrip('chat', body);
    expect(texts).toEqual([
      ['system', 'content', 'be brief'],
      ['user', 'content', 'hello'],
      ['assistant', 'tool_arguments', '{"to":"a@b.co"}'],
      ['tool', 'tool_result', 'sent'],
      ['assistant', 'content', 'no'],
    ]);
    expect(written.messages).toEqual([
      { role: 'system', content: 'BE BRIEF' },
      { role: 'user', content: [{ type: 'text', text: 'HELLO' }, image] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'mail', arguments: '{"TO":"A@B.CO"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'SENT' },
      { role: 'assistant', content: [{ type: 'refusal', refusal: 'NO' }] },
    ]);
    expect((written.messages as unknown[])[1]).not.toBe(body.messages[1]);
    expect(((written.messages as { content: unknown[] }[])[1]?.content ?? [])[1]).toBe(image);
  });

  it('shares the parts that did not change and returns the same body when nothing did', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] };
    const texts = requestTexts('chat', body).map((text) => text.text);
    expect(withRequestTexts('chat', body, texts)).toBe(body);
    const written = withRequestTexts('chat', body, ['a', 'B']);
    expect((written.messages as unknown[])[0]).toBe(body.messages[0]);
  });

  it('reads a completion prompt given as a string or a list, skipping token ids', () => {
    expect(roundTrip('completions', { prompt: 'say hi' }).texts).toEqual([[null, 'content', 'say hi']]);
    const { texts, written } = roundTrip('completions', { prompt: ['one', 'two', [1, 2, 3]] });
    expect(texts.map(([, , text]) => text)).toEqual(['one', 'two']);
    expect(written.prompt).toEqual(['ONE', 'TWO', [1, 2, 3]]);
  });

  it('reads embeddings input', () => {
    expect(roundTrip('embeddings', { input: ['a', 'b'] }).written.input).toEqual(['A', 'B']);
    expect(roundTrip('embeddings', { input: 'x' }).written.input).toBe('X');
  });

  it('reads a Responses API request: instructions, string input, messages, function calls and their outputs', () => {
    expect(roundTrip('responses', { instructions: 'sys', input: 'hi' }).texts).toEqual([
      ['system', 'content', 'sys'],
      ['user', 'content', 'hi'],
    ]);
    const body = {
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'find mail' }, { type: 'input_image', image_url: 'x' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'calling' }] },
        { type: 'function_call', call_id: 'f', name: 'search', arguments: '{"q":"x"}' },
        { type: 'function_call_output', call_id: 'f', output: 'found' },
        { type: 'reasoning', id: 'r', summary: [] },
      ],
    };
    const { texts, written } = roundTrip('responses', body);
    expect(texts).toEqual([
      ['user', 'content', 'find mail'],
      ['assistant', 'content', 'calling'],
      ['assistant', 'tool_arguments', '{"q":"x"}'],
      ['tool', 'tool_result', 'found'],
    ]);
    expect((written.input as unknown[])[3]).toEqual({ type: 'function_call_output', call_id: 'f', output: 'FOUND' });
    expect((written.input as unknown[])[4]).toBe(body.input[4]);
  });

  it('reads an Anthropic messages request: system blocks, text, tool_use input strings and tool_result content', () => {
    const thinking = { type: 'thinking', thinking: 'secret plan', signature: 'sig' };
    const body = {
      system: [{ type: 'text', text: 'be kind' }],
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [thinking, { type: 'tool_use', id: 't', name: 'mail', input: { to: 'a@b.co', tags: ['x'], n: 3 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'ok' }] }, { type: 'text', text: 'thanks' }] },
      ],
    };
    const { texts, written } = roundTrip('messages', body);
    expect(texts).toEqual([
      ['system', 'content', 'be kind'],
      ['user', 'content', 'hi'],
      ['assistant', 'tool_arguments', 'a@b.co'],
      ['assistant', 'tool_arguments', 'x'],
      ['user', 'tool_result', 'ok'],
      ['user', 'content', 'thanks'],
    ]);
    const assistant = (written.messages as { content: unknown[] }[])[1];
    expect(assistant?.content[0]).toBe(thinking);
    expect(assistant?.content[1]).toEqual({ type: 'tool_use', id: 't', name: 'mail', input: { to: 'A@B.CO', tags: ['X'], n: 3 } });
    expect(roundTrip('messages', { system: 'sys', messages: [] }).written.system).toBe('SYS');
  });

  it('refuses a write-back with the wrong number of texts', () => {
    expect(() => withRequestTexts('chat', { messages: [{ role: 'user', content: 'a' }] }, [])).toThrow('1 texts, 0 were given');
  });
});
