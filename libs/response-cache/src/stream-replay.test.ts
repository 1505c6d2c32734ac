import { describe, expect, it } from 'vitest';
import { assembleAnthropicStream, replayAnthropicStream } from './anthropic-stream-replay.ts';
import { assembleOpenAiStream, replayOpenAiStream } from './openai-stream-replay.ts';
import { parseSseFrames, writeSseFrames } from './sse-frames.ts';

const usage = { promptTokens: 7, completionTokens: 3, totalTokens: 10 };
const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt',
  choices: [
    { index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] }, logprobs: null, finish_reason: 'tool_calls' },
    { index: 1, message: { role: 'assistant', content: 'second' }, logprobs: null, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
};

describe('replaying and reassembling cached answers', () => {
  it('an OpenAI chat completion survives replay as chunks and reassembly, tool calls and choices included', () => {
    const frames = replayOpenAiStream(completion, usage, true);
    expect(frames.at(-1)?.data).toBe('[DONE]');
    expect(JSON.parse(frames.at(-2)!.data)).toMatchObject({ choices: [], usage: { total_tokens: 10 } });
    const text = writeSseFrames(frames);
    expect(assembleOpenAiStream(parseSseFrames(text), usage)).toEqual(completion);
    expect(replayOpenAiStream(completion, usage, false).some((frame) => frame.data.includes('"usage"'))).toBe(false);
  });

  it('a text completion replays as text_completion chunks', () => {
    const body = { id: 'cmpl-1', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'hello', logprobs: null, finish_reason: 'stop' }] };
    const assembled = assembleOpenAiStream(replayOpenAiStream(body, undefined, false), undefined);
    expect(assembled).toEqual(body);
  });

  it('an Anthropic message survives replay as events and reassembly', () => {
    const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Paris' } }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 7, output_tokens: 3 } };
    const frames = replayAnthropicStream(message);
    expect(frames.map((frame) => frame.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(assembleAnthropicStream(parseSseFrames(writeSseFrames(frames)))).toEqual(message);
  });

  it('refuses to assemble a stream that ended in an error or never finished', () => {
    expect(assembleOpenAiStream([{ data: JSON.stringify({ error: { message: 'boom' } }) }], usage)).toBeUndefined();
    expect(assembleOpenAiStream([{ data: 'not json' }], usage)).toBeUndefined();
    const unfinished = replayAnthropicStream({ id: 'm', type: 'message', content: [{ type: 'text', text: 'x' }], stop_reason: 'end_turn', usage: {} }).slice(0, -1);
    expect(assembleAnthropicStream(unfinished)).toBeUndefined();
  });
});
