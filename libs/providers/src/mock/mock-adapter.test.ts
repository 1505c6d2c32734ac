import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error.ts';
import { collect, collectUntilError, testContext, testTarget } from '../testing/test-call.ts';
import { countPromptTokens, countTextTokens } from '../tokens/count-tokens.ts';
import { mockAdapter } from './mock-adapter.ts';

const mockTarget = (params: Record<string, unknown> = {}) => testTarget({ provider: 'mock', model: 'mock-model', apiKey: undefined, params });
const chatRequest = {
  model: 'public',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Tell me a very long story about a lighthouse keeper who collects seashells' },
  ],
};

describe('mock adapter: chat', () => {
  it('answers deterministically from the last user message, with tokenizer-counted usage', async () => {
    const first = await mockAdapter.json('chat', chatRequest, mockTarget(), testContext());
    const second = await mockAdapter.json('chat', chatRequest, mockTarget(), testContext());
    const content = 'Mock response to: Tell me a very long story about a lighthouse keepe'; // 50 characters quoted
    expect(first.body).toMatchObject({ object: 'chat.completion', model: 'mock-model', choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }] });
    expect((second.body.choices as unknown[])[0]).toEqual((first.body.choices as unknown[])[0]);
    const promptTokens = countPromptTokens('chat', chatRequest);
    const completionTokens = countTextTokens(content);
    expect(first.usage).toEqual({ promptTokens, completionTokens, totalTokens: promptTokens + completionTokens });
    expect(first.body.usage).toEqual({ prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens });
  });

  it('answers with mock_response when configured', async () => {
    const result = await mockAdapter.json('chat', chatRequest, mockTarget({ mock_response: 'Fixed.' }), testContext());
    expect(result.body).toMatchObject({ choices: [{ message: { content: 'Fixed.' } }] });
  });

  it('streams the same content in chunks, then a finish chunk and a usage chunk', async () => {
    const json = await mockAdapter.json('chat', chatRequest, mockTarget(), testContext());
    const events = await collect(await mockAdapter.stream('chat', chatRequest, mockTarget(), testContext()));
    const content = (json.body.choices as { message: { content: string } }[])[0]?.message.content;
    expect(events.map((e) => e.text ?? '').join('')).toBe(content);
    const deltas = events.map((e) => JSON.parse(e.data) as { choices: { delta: { content?: string } }[] });
    expect(deltas.map((d) => d.choices[0]?.delta.content ?? '').join('')).toBe(content);
    expect(events.at(-2)?.finished).toBe(true);
    expect(events.at(-1)?.usage).toEqual(json.usage);
    expect(JSON.parse(events.at(-1)?.data ?? '{}')).toMatchObject({ object: 'chat.completion.chunk', choices: [] });
  });

  it('cuts the stream into mock_chunks pieces', async () => {
    const events = await collect(await mockAdapter.stream('chat', chatRequest, mockTarget({ mock_response: 'abcdefghij', mock_chunks: '3' }), testContext()));
    expect(events.filter((e) => e.text).map((e) => e.text)).toEqual(['abc', 'def', 'ghij']);
  });

  it('streams text completions', async () => {
    const events = await collect(await mockAdapter.stream('completions', { prompt: 'Say hi' }, mockTarget(), testContext()));
    expect(events.map((e) => e.text ?? '').join('')).toBe('Mock response to: Say hi');
    expect(JSON.parse(events[0]?.data ?? '{}')).toMatchObject({ object: 'text_completion', choices: [{ text: 'Mock ' }] });
  });
});

describe('mock adapter: latency and abort', () => {
  it('takes about mock_latency_ms for a JSON call', async () => {
    const started = performance.now();
    await mockAdapter.json('chat', chatRequest, mockTarget({ mock_latency_ms: 150 }), testContext());
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('waits mock_ttft_ms before the first chunk and mock_chunk_delay_ms between chunks', async () => {
    const params = { mock_response: 'a b c d', mock_ttft_ms: 100, mock_chunk_delay_ms: 50 };
    const started = performance.now();
    const times: number[] = [];
    for await (const event of await mockAdapter.stream('chat', chatRequest, mockTarget(params), testContext())) {
      if (event.text) times.push(performance.now() - started);
    }
    expect(times).toHaveLength(4);
    expect(times[0]).toBeGreaterThanOrEqual(90);
    expect((times[3] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(140);
    expect(times[3]).toBeLessThan(3_000);
  });

  it('stops a stream at once when the client aborts', async () => {
    const ctx = testContext();
    const stream = await mockAdapter.stream('chat', chatRequest, mockTarget({ mock_chunk_delay_ms: 10_000 }), ctx);
    const started = performance.now();
    setTimeout(() => ctx.controller.abort(), 50);
    const { events, error } = await collectUntilError(stream);
    expect(events).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('aborts a slow JSON call', async () => {
    const ctx = testContext();
    setTimeout(() => ctx.controller.abort(), 20);
    await expect(mockAdapter.json('chat', chatRequest, mockTarget({ mock_latency_ms: 10_000 }), ctx)).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('mock adapter: errors and config', () => {
  it('fails like a real upstream with mock_error_status', async () => {
    const error = await mockAdapter.json('chat', chatRequest, mockTarget({ mock_error_status: 429 }), testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429 });
    await expect(mockAdapter.stream('chat', chatRequest, mockTarget({ mock_error_status: 503, mock_error_message: 'down' }), testContext())).rejects.toMatchObject({
      kind: 'upstream_unavailable',
      message: 'down',
    });
  });

  it('reports invalid mock params clearly', async () => {
    await expect(mockAdapter.json('chat', chatRequest, mockTarget({ mock_latency_ms: 'soon' }), testContext())).rejects.toMatchObject({
      message: expect.stringContaining('mock_latency_ms'),
    });
  });
});

describe('mock adapter: other operations', () => {
  it('embeds deterministically: same text same unit vector, requested dimensions', async () => {
    const result = await mockAdapter.json('embeddings', { input: ['alpha', 'beta', 'alpha'], dimensions: 64 }, mockTarget(), testContext());
    const vectors = (result.body.data as { embedding: number[] }[]).map((d) => d.embedding);
    expect(vectors.map((v) => v.length)).toEqual([64, 64, 64]);
    expect(vectors[0]).toEqual(vectors[2]);
    expect(vectors[0]).not.toEqual(vectors[1]);
    expect(Math.hypot(...(vectors[0] ?? []))).toBeCloseTo(1, 5);
    expect(result.usage?.promptTokens).toBe(countTextTokens('alpha') * 2 + countTextTokens('beta'));
  });

  it('encodes embeddings as base64 float32 when asked (the SDKs default)', async () => {
    const plain = await mockAdapter.json('embeddings', { input: 'alpha', dimensions: 8 }, mockTarget(), testContext());
    const encoded = await mockAdapter.json('embeddings', { input: 'alpha', dimensions: 8, encoding_format: 'base64' }, mockTarget(), testContext());
    const bytes = Buffer.from((encoded.body.data as { embedding: string }[])[0]?.embedding ?? '', 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    expect(decoded).toEqual((plain.body.data as { embedding: number[] }[])[0]?.embedding);
  });

  it('uses mock_embedding_dims by default', async () => {
    const result = await mockAdapter.json('embeddings', { input: 'x' }, mockTarget({ mock_embedding_dims: 16 }), testContext());
    expect((result.body.data as { embedding: number[] }[])[0]?.embedding).toHaveLength(16);
  });

  it('returns a tiny PNG for images, never flags moderations, and answers Responses requests', async () => {
    const images = await mockAdapter.json('images', { prompt: 'cat', n: 2, response_format: 'b64_json' }, mockTarget(), testContext());
    const png = Buffer.from((images.body.data as { b64_json: string }[])[0]?.b64_json ?? '', 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(images.body.data).toHaveLength(2);

    const moderation = await mockAdapter.json('moderations', { input: ['a', 'b'] }, mockTarget(), testContext());
    expect(moderation.body.results).toHaveLength(2);
    expect((moderation.body.results as { flagged: boolean }[]).every((r) => !r.flagged)).toBe(true);

    const response = await mockAdapter.json('responses', { input: 'Hello there' }, mockTarget(), testContext());
    expect(response.body).toMatchObject({ object: 'response', status: 'completed', output: [{ content: [{ text: 'Mock response to: Hello there' }] }] });
    expect(response.usage?.completionTokens).toBe(countTextTokens('Mock response to: Hello there'));
  });

  it('declares what it supports', () => {
    expect(mockAdapter.supports('chat', true)).toBe(true);
    expect(mockAdapter.supports('responses', true)).toBe(false);
    expect(mockAdapter.supports('audio_speech')).toBe(true);
    expect(mockAdapter.supports('audio_speech', true)).toBe(false);
  });

  it('speaks (a playable WAV), transcribes and translates (the configured reply, with a duration), and reranks', async () => {
    const target = { provider: 'mock', model: 'm', timeoutMs: 1000, params: { mock_response: 'hello there' } };
    const ctx = { signal: new AbortController().signal, requestId: 'r1' };
    const speech = await mockAdapter.speech!({ input: 'say this' }, target, ctx);
    expect(speech.contentType).toBe('audio/wav');
    const chunks: Uint8Array[] = [];
    for await (const chunk of speech.body) chunks.push(chunk);
    expect(Buffer.from(chunks[0]!).subarray(0, 4).toString()).toBe('RIFF');
    expect(speech.usage?.promptTokens).toBeGreaterThan(0);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(32_000)]), 'a.wav');
    for (const call of [mockAdapter.transcription!, mockAdapter.translation!]) {
      expect((await call(form, target, ctx)).body).toEqual({ text: 'hello there', usage: { type: 'duration', seconds: 2 } });
    }
    const reranked = await mockAdapter.rerank!({ query: 'q', documents: ['a', 'b', 'c'], top_n: 2 }, target, ctx);
    expect(reranked.body.results).toEqual([
      { index: 0, relevance_score: 1 },
      { index: 1, relevance_score: 1 - 1 / 3 },
    ]);
  });
});
