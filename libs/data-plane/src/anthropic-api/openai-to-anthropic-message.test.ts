import { describe, expect, it } from 'vitest';
import { openAIToAnthropicMessage } from './openai-to-anthropic-message.ts';

const usage = { promptTokens: 100, completionTokens: 20, totalTokens: 120, cachedPromptTokens: 60 };

describe('openAIToAnthropicMessage', () => {
  it('builds a message with text, a msg_ id, the stop reason and Anthropic usage', () => {
    const message = openAIToAnthropicMessage({ id: 'chatcmpl-abc123', model: 'gpt-4o', choices: [{ message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }] }, usage);
    expect(message).toEqual({
      id: 'msg_chatcmplabc123',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 20, cache_read_input_tokens: 60, cache_creation_input_tokens: 0 },
    });
  });

  it('turns tool calls into tool_use blocks with parsed input, and reasoning into a thinking block', () => {
    const message = openAIToAnthropicMessage(
      {
        id: 'x',
        model: 'm',
        choices: [
          {
            message: { content: null, reasoning_content: 'Let me look', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }, { id: 'call_2', function: { name: 'broken', arguments: '{oops' } }] },
            finish_reason: 'tool_calls',
          },
        ],
      },
      usage,
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me look', signature: '' },
      { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'broken', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it.each([
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
    ['something_new', 'end_turn'],
  ])('maps finish_reason %s to %s', (finish, stop) => {
    expect(openAIToAnthropicMessage({ choices: [{ message: { content: 'x' }, finish_reason: finish }] }, usage).stop_reason).toBe(stop);
  });
});
