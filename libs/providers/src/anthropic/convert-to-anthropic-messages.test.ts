import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import type { OpenAIMessage } from '../openai-wire/openai-chat-request.ts';

describe('convertToAnthropicMessages', () => {
  it('hoists system and developer messages into system blocks, wherever they are', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
    ]);
    expect(prompt.system).toEqual([{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Answer in French.' }]);
    expect(prompt.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('merges consecutive turns of one role, so user and assistant alternate', () => {
    const { messages } = convertToAnthropicMessages([
      { role: 'user', content: 'One' },
      { role: 'user', content: 'Two' },
      { role: 'assistant', content: 'A' },
      { role: 'assistant', content: 'B' },
    ]);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[0]?.content).toEqual([{ type: 'text', text: 'One' }, { type: 'text', text: 'Two' }]);
  });

  it('turns tool calls into tool_use blocks and tool messages into one user turn of tool_result blocks', () => {
    const history: OpenAIMessage[] = [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_1', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', function: { name: 'weather', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
      { role: 'user', content: 'Thanks' },
    ];
    const { messages } = convertToAnthropicMessages(history);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('converts image URLs and data: URLs, and keeps cache_control on parts and messages', () => {
    const { messages } = convertToAnthropicMessages([
      {
        role: 'user',
        cache_control: { type: 'ephemeral' },
        content: [
          { type: 'text', text: 'Compare', cache_control: { type: 'ephemeral', ttl: '1h' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ]);
    expect(messages[0]?.content).toEqual([
      { type: 'text', text: 'Compare', cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' }, cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('refuses what Anthropic cannot take with a clear 400', () => {
    expect(() => convertToAnthropicMessages([{ role: 'user', content: [{ type: 'input_audio' }] }])).toThrow(/input_audio/);
    expect(() => convertToAnthropicMessages([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/tiff;base64,AA==' } }] }])).toThrow(/image\/tiff/);
    expect(() => convertToAnthropicMessages([{ role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{oops' } }] }])).toThrow(
      expect.objectContaining({ kind: 'bad_request', status: 400, message: expect.stringContaining('not valid JSON') }),
    );
    expect(() => convertToAnthropicMessages([{ role: 'tool', content: 'x' }])).toThrow(/tool_call_id/);
  });

  it('leaves out empty turns, which Anthropic refuses', () => {
    const { messages } = convertToAnthropicMessages([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'Still there?' },
    ]);
    expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'text', text: 'Still there?' }] }]);
  });
});
