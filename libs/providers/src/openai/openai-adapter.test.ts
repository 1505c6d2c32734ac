import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import { ProviderError } from '../provider-error.ts';
import { startFakeUpstream, type FakeRoute, type FakeUpstream } from '../testing/fake-upstream.ts';
import { fixtureChunks, fixtureJson } from '../testing/fixtures.ts';
import { collect, collectUntilError, testContext, testTarget } from '../testing/test-call.ts';
import { expectedBody } from '../testing/upstream-request-schemas.ts';
import { openaiAdapter } from './openai-adapter.ts';

const OPENAI_BASE = 'https://api.openai.com/v1';
const KEY = 'sk-test-0123456789abcdef';
const AUTH = { authorization: `Bearer ${KEY}` };

let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

async function serve(...routes: FakeRoute[]) {
  fake = await startFakeUpstream(routes);
  return testTarget({ apiBase: fake.base(OPENAI_BASE), model: 'gpt-upstream', apiKey: KEY });
}

const chatRequest = { model: 'public-name', messages: [{ role: 'user', content: 'Invent a holiday' }] };

describe('openai adapter: recorded JSON responses', () => {
  it('replays openai-text.json: body unchanged, usage with cached and reasoning tokens', async () => {
    const recorded = fixtureJson('openai/openai-text.json');
    const target = await serve({
      route: 'POST /v1/chat/completions',
      expect: { ...AUTH, body: expectedBody({ model: 'gpt-upstream', stream: false }), headers: { 'openai-organization': 'org-42' } },
      reply: { json: recorded },
    });
    const result = await openaiAdapter.json('chat', chatRequest, { ...target, params: { organization: 'org-42' } }, testContext());
    expect(result.body).toEqual(recorded);
    expect(result.usage).toEqual({ promptTokens: 16, completionTokens: 363, totalTokens: 379, cachedPromptTokens: 0, reasoningTokens: 0 });
  });

  it('replays a Responses API body with reasoning and function_call items (issue 7082)', async () => {
    const recorded = fixtureJson('openai/issue-7082-o3-optional-tool-parameters.json');
    const target = await serve({ route: 'POST /v1/responses', expect: { ...AUTH, body: expectedBody({ model: 'gpt-upstream' }) }, reply: { json: recorded } });
    const result = await openaiAdapter.json('responses', { model: 'x', input: 'find papers' }, target, testContext());
    expect(result.body).toEqual(recorded);
    expect((result.body.output as { type: string }[]).map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(result.usage).toEqual({ promptTokens: 114, completionTokens: 88, totalTokens: 202, cachedPromptTokens: 0, reasoningTokens: 0 });
  });

  it.each([
    ['embeddings', '/v1/embeddings', { object: 'list', data: [{ embedding: [0.1] }], usage: { prompt_tokens: 3, total_tokens: 3 } }],
    ['images', '/v1/images/generations', { created: 1, data: [{ url: 'https://img' }] }],
    ['moderations', '/v1/moderations', { id: 'modr-1', results: [{ flagged: false }] }],
    ['completions', '/v1/completions', { choices: [{ text: 'hi' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }],
  ] as const)('calls %s at %s with the upstream model', async (operation, path, reply) => {
    const target = await serve({ route: `POST ${path}`, expect: { ...AUTH, body: expectedBody({ model: 'gpt-upstream' }) }, reply: { json: reply } });
    const result = await openaiAdapter.json(operation, { model: 'public', input: 'x', prompt: 'x' }, target, testContext());
    expect(result.body).toEqual(reply);
  });
});

describe('openai adapter: recorded streams', () => {
  it('replays the Azure chat stream: chunks passed through byte for byte, usage from the last chunk', async () => {
    const chunks = fixtureChunks('openai/azure-model-router.1.chunks.txt');
    const target = await serve({
      route: 'POST /v1/chat/completions',
      expect: { ...AUTH, body: expectedBody({ model: 'gpt-upstream', stream: true, streamUsage: 'required' }) },
      reply: { sse: chunks },
    });
    const events = await collect(await openaiAdapter.stream('chat', { ...chatRequest, stream_options: { include_obfuscation: false } }, target, testContext()));
    expect(events.map((e) => e.data)).toEqual(chunks);
    expect(events.map((e) => e.text ?? '').join('')).toBe('Capital of Denmark.');
    expect(events.filter((e) => e.finished)).toHaveLength(1);
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 15, completionTokens: 78, totalTokens: 93, cachedPromptTokens: 0, reasoningTokens: 64 });
    // The client's own stream options survive next to include_usage.
    expect(fake.requests[0]?.json).toMatchObject({ stream_options: { include_usage: true, include_obfuscation: false } });
  });

  it('replays a Responses stream with event names, function-call deltas and usage (issue 19493)', async () => {
    const chunks = fixtureChunks('openai/issue-19493-gpt-5.1-tool-call.chunks.txt');
    const target = await serve({
      route: 'POST /v1/responses',
      expect: { ...AUTH, body: expectedBody({ model: 'gpt-upstream', stream: true, streamUsage: 'absent' }) },
      reply: { sse: chunks, sseEventNames: true, done: false },
    });
    const events = await collect(await openaiAdapter.stream('responses', { model: 'x', input: 'weather?' }, target, testContext()));
    expect(events.map((e) => e.data)).toEqual(chunks);
    expect(events.map((e) => e.event)).toEqual(chunks.map((c) => (JSON.parse(c) as { type: string }).type));
    expect(events.map((e) => e.text ?? '').join('')).toBe('{"city":"Beijing"}');
    expect(events.at(-1)).toMatchObject({ finished: true, usage: { promptTokens: 45, completionTokens: 25, totalTokens: 70, cachedPromptTokens: 0, reasoningTokens: 0 } });
  });

  it('ends a Responses stream that fails mid-way with the mapped error (openai-error.1.chunks.txt)', async () => {
    const target = await serve({ route: 'POST /v1/responses', reply: { sse: fixtureChunks('openai/openai-error.1.chunks.txt'), done: false } });
    const { events, error } = await collectUntilError(await openaiAdapter.stream('responses', { input: 'x' }, target, testContext()));
    expect(events.map((e) => e.event ?? JSON.parse(e.data).type)).toEqual(['response.created', 'response.in_progress']);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, options: { code: 'insufficient_quota' } });
  });

  it('ends a chat stream carrying an error chunk with the mapped error', async () => {
    const target = await serve({
      route: 'POST /v1/chat/completions',
      reply: { sse: ['{"choices":[{"index":0,"delta":{"content":"Hi"}}]}', '{"error":{"message":"The server had an error","type":"server_error"}}'] },
    });
    const { events, error } = await collectUntilError(await openaiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'upstream_error', status: 502 });
  });

  it('ends a stream cut without [DONE] with a clean error after the events that arrived', async () => {
    const chunks = fixtureChunks('openai/azure-model-router.1.chunks.txt');
    const target = await serve({ route: 'POST /v1/chat/completions', reply: { sse: chunks.slice(0, 4), done: false } });
    const { events, error } = await collectUntilError(await openaiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events).toHaveLength(4);
    expect(error).toMatchObject({ kind: 'upstream_error', status: 502 });
  });

  it('ends the stream at [DONE] and lets the response finish, so the connection is reused', async () => {
    const chunks = fixtureChunks('openai/azure-model-router.1.chunks.txt');
    const target = await serve({ route: 'POST /v1/chat/completions', reply: { sse: chunks, endDelayMs: 800 } });
    const started = performance.now();
    await collect(await openaiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(performance.now() - started).toBeLessThan(800); // did not wait for the end of the response
    expect(await fake.requests[0]?.closed).toEqual({ completed: true }); // ...nor cut it
    await new Promise((resolve) => setTimeout(resolve, 50)); // the end of the response reaches the pool
    await collect(await openaiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(fake.requests[1]?.remotePort).toBe(fake.requests[0]?.remotePort);
  });

  it('closes the upstream request when the client aborts mid-stream', async () => {
    const chunks = fixtureChunks('openai/azure-model-router.1.chunks.txt');
    const target = await serve({ route: 'POST /v1/chat/completions', reply: { sse: chunks, stallAfter: 3 } });
    const ctx = testContext();
    const events: string[] = [];
    const error = await (async () => {
      for await (const event of await openaiAdapter.stream('chat', chatRequest, target, ctx)) {
        events.push(event.data);
        if (events.length === 3) ctx.controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(events).toHaveLength(3);
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(await fake.requests[0]?.closed).toEqual({ completed: false });
  });

  it('turns a malformed event into a clean error', async () => {
    const target = await serve({ route: 'POST /v1/chat/completions', reply: { sse: ['{"choices":[{"delta":{"content":"a'] } });
    const { error } = await collectUntilError(await openaiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(error).toMatchObject({ kind: 'upstream_error', message: expect.stringContaining('malformed') });
  });

  it('turns a malformed event without text, usage or finish into a clean error too', async () => {
    const target = await serve({ route: 'POST /v1/chat/completions', reply: { sse: ['{"choices":[{"index":0,"delta":{}'] } });
    const { error } = await collectUntilError(await openaiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(error).toMatchObject({ kind: 'upstream_error', message: expect.stringContaining('malformed') });
  });
});

describe('openai adapter: errors', () => {
  it('rejects stream() itself on an error status, so the router can fail over before any byte', async () => {
    const target = await serve({
      route: 'POST /v1/chat/completions',
      reply: { status: 429, headers: { 'retry-after': '7' }, json: fixtureJson('openai/openai-error.1.json') },
    });
    await expect(openaiAdapter.stream('chat', chatRequest, target, testContext())).rejects.toMatchObject({
      kind: 'rate_limit',
      options: { retryAfterSeconds: 7, upstreamStatus: 429 },
    });
  });

  it('scrubs the key the upstream echoes back', async () => {
    const target = await serve({
      route: 'POST /v1/chat/completions',
      reply: { status: 401, json: { error: { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' } } },
    });
    const error = await openaiAdapter.json('chat', chatRequest, target, testContext()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'authentication' });
    expect((error as Error).message).not.toContain('0123456789abcdef');
  });

  it('refuses to call without an API key, naming the missing setting', async () => {
    const target = await serve();
    const error = await openaiAdapter.json('chat', chatRequest, { ...target, apiKey: undefined }, testContext()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'upstream_unavailable', message: expect.stringContaining('api_key') });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('openai adapter: audio', () => {
  it('streams speech bytes back with their content type', async () => {
    const audio = new Uint8Array([0x49, 0x44, 0x33, 1, 2, 3]);
    const target = await serve({
      route: 'POST /v1/audio/speech',
      expect: { ...AUTH, body: expectedBody({ model: 'gpt-upstream' }) },
      reply: { headers: { 'content-type': 'audio/mpeg' }, bytes: audio },
    });
    const result = await openaiAdapter.speech!({ model: 'tts', input: 'hello', voice: 'alloy' }, target, testContext());
    expect(result.contentType).toBe('audio/mpeg');
    const parts: Uint8Array[] = [];
    for await (const part of result.body) parts.push(part);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(audio));
  });

  it('re-sends the transcription form with the upstream model and the same file', async () => {
    const target = await serve({ route: 'POST /v1/audio/transcriptions', expect: AUTH, reply: { json: { text: 'hello world' } } });
    const form = new FormData();
    form.append('model', 'public-whisper');
    form.append('language', 'en');
    form.append('file', new File([new Uint8Array([1, 2, 3, 4])], 'clip.wav', { type: 'audio/wav' }));
    const result = await openaiAdapter.transcription!(form, target, testContext());
    expect(result.body).toEqual({ text: 'hello world' });
    const sent = fake.requests[0];
    expect(String(sent?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const raw = sent?.body.toString('latin1') ?? '';
    expect(raw).toMatch(/name="model"\r\n\r\ngpt-upstream\r\n/);
    expect(raw).not.toContain('public-whisper');
    expect(raw).toMatch(/name="language"\r\n\r\nen\r\n/);
    expect(raw).toContain('filename="clip.wav"');
    expect(raw).toContain('\x01\x02\x03\x04');
  });

  it('returns a plain-text transcript as { text }', async () => {
    const target = await serve({ route: 'POST /v1/audio/transcriptions', reply: { headers: { 'content-type': 'text/plain' }, text: 'just text' } });
    const form = new FormData();
    form.append('file', new File(['x'], 'a.wav'));
    form.append('response_format', 'text');
    expect((await openaiAdapter.transcription!(form, target, testContext())).body).toEqual({ text: 'just text' });
  });
});
