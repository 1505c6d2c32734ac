import { describe, expect, it } from 'vitest';
import { PassthroughUsageReader } from './passthrough-usage.ts';

/** Feeds the text in small pieces, as the network would. */
function read(contentType: string, text: string, piece = 7) {
  const reader = new PassthroughUsageReader(contentType);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += piece) reader.push(bytes.subarray(i, i + piece));
  return reader.end();
}

describe('PassthroughUsageReader', () => {
  it("reads OpenAI's JSON answer", () => {
    const body = JSON.stringify({ id: 'c', model: 'gpt-4o-2024-08-06', choices: [], usage: { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 } });
    expect(read('application/json', body)).toEqual({ model: 'gpt-4o-2024-08-06', usage: { promptTokens: 11, completionTokens: 5, totalTokens: 16 } });
  });

  it("reads OpenAI's stream, whose last chunk carries the usage", () => {
    const text = ['data: {"model":"gpt-4o","choices":[{"delta":{"content":"Hi"}}]}', 'data: {"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}', 'data: [DONE]', ''].join('\n\n');
    expect(read('text/event-stream', text)).toEqual({ model: 'gpt-4o', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } });
  });

  it("reads Anthropic's JSON message and its stream (message_start, then message_delta's final count)", () => {
    const message = JSON.stringify({ type: 'message', model: 'claude-3-5-haiku', content: [], usage: { input_tokens: 20, output_tokens: 4, cache_read_input_tokens: 10 } });
    expect(read('application/json', message)).toEqual({ model: 'claude-3-5-haiku', usage: { promptTokens: 30, completionTokens: 4, totalTokens: 34, cachedPromptTokens: 10 } });
    const stream = [
      'event: message_start\r\ndata: {"type":"message_start","message":{"model":"claude-3-5-haiku","usage":{"input_tokens":20,"output_tokens":1}}}',
      'event: content_block_delta\r\ndata: {"type":"content_block_delta","delta":{"text":"Hi"}}',
      'event: message_delta\r\ndata: {"type":"message_delta","usage":{"output_tokens":9}}',
      '',
    ].join('\r\n\r\n');
    expect(read('text/event-stream; charset=utf-8', stream, 5)).toEqual({ model: 'claude-3-5-haiku', usage: { promptTokens: 20, completionTokens: 9, totalTokens: 29 } });
  });

  it('reports nothing for answers without usage, that are not JSON, or too large to keep', () => {
    expect(read('application/json', '{"data":[]}')).toEqual({});
    expect(read('application/octet-stream', 'binary')).toEqual({});
    expect(read('application/json', '{"usage": ')).toEqual({});
  });
});
