import { describe, expect, it } from 'vitest';
import { toGenAiInputMessages, toGenAiOutputMessages, toGenAiSystemInstructions } from './to-gen-ai-messages.ts';

const options = { redact: (text: string) => text.replace(/sk-[a-z0-9]+/g, '[redacted]'), maxTextChars: 40 };

describe('GenAI message conversion', () => {
  it('converts OpenAI chat messages with tool calls, images and tool results, redacting text', () => {
    expect(
      toGenAiInputMessages(
        [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'my key is sk-abc123' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'rainy' },
        ],
        options,
      ),
    ).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'my key is [redacted]' }, { type: 'image_url' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', result: 'rainy' }] },
    ]);
  });

  it("converts Anthropic blocks and its separate system prompt, and cuts long text", () => {
    expect(
      toGenAiInputMessages([{ role: 'assistant', content: [{ type: 'tool_use', id: 'tu_1', name: 'lookup', input: { q: 'x' } }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: 'found' }] }], options),
    ).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'tu_1', name: 'lookup', arguments: { q: 'x' } }] },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 'tu_1', result: 'found' }] },
    ]);
    expect(toGenAiSystemInstructions('x'.repeat(50), options)).toEqual([{ type: 'text', content: `${'x'.repeat(40)}…[truncated]` }]);
  });

  it('writes the answer as one assistant message with its finish reason', () => {
    expect(toGenAiOutputMessages('Hello', 'length', options)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'length' }]);
  });
});
