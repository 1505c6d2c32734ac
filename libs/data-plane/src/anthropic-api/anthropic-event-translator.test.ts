import { describe, expect, it } from 'vitest';
import { HttpError } from '@switchboard/service-kit';
import { AnthropicEventTranslator } from './anthropic-event-translator.ts';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ data: JSON.stringify({ id: 'chatcmpl-1', model: 'gpt-x', choices: [{ index: 0, delta, finish_reason: finish }] }) });

/** Splits SSE text into [event name, payload] pairs, checking each frame's name equals its type. */
function events(text: string): [string, Record<string, unknown>][] {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      const name = (eventLine ?? '').replace(/^event: /, '');
      const payload = JSON.parse((dataLine ?? '').replace(/^data: /, '')) as Record<string, unknown>;
      expect(payload.type).toBe(name);
      return [name, payload];
    });
}

describe('AnthropicEventTranslator', () => {
  it('writes the exact Anthropic sequence for text then a tool call', () => {
    const translator = new AnthropicEventTranslator();
    let text = '';
    text += translator.frames(chunk({ role: 'assistant', content: '' }));
    text += translator.frames(chunk({ content: 'Let me check' }));
    text += translator.frames(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }] }));
    text += translator.frames(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }));
    text += translator.frames(chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }));
    text += translator.frames(chunk({}, 'tool_calls'));
    text += translator.frames({ data: JSON.stringify({ id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 10, completion_tokens: 5 } }) });
    text += translator.end({ promptTokens: 10, completionTokens: 5, totalTokens: 15 });
    const sequence = events(text);
    expect(sequence.map(([name]) => name)).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    expect(sequence[0]?.[1]).toMatchObject({ message: { id: 'msg_chatcmpl1', type: 'message', role: 'assistant', model: 'gpt-x', content: [], usage: { input_tokens: 0, output_tokens: 0 } } });
    expect(sequence[2]?.[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(sequence[3]?.[1]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me check' } });
    expect(sequence[5]?.[1]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_1', name: 'weather', input: {} } });
    expect(sequence[6]?.[1]).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } });
    expect(sequence[9]?.[1]).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } });
  });

  it('opens a thinking block for reasoning deltas, and counts output tokens when no usage came', () => {
    const translator = new AnthropicEventTranslator();
    const text = translator.frames(chunk({ reasoning_content: 'hmm' })) + translator.frames(chunk({ content: 'Hi there' }, 'stop')) + translator.end(undefined);
    const sequence = events(text);
    expect(sequence.filter(([name]) => name === 'content_block_start').map(([, e]) => (e.content_block as { type: string }).type)).toEqual(['thinking', 'text']);
    expect(sequence.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: expect.any(Number) } });
    expect(((sequence.at(-2)?.[1].usage as { output_tokens: number }).output_tokens)).toBeGreaterThan(0);
  });

  it('still writes a complete message for an empty stream, and an error event after a failure', () => {
    expect(events(new AnthropicEventTranslator().end(undefined)).map(([name]) => name)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
    expect(events(new AnthropicEventTranslator().error(new HttpError(503, 'upstream overloaded')))).toEqual([['error', { type: 'error', error: { type: 'overloaded_error', message: 'upstream overloaded' } }]]);
  });
});
