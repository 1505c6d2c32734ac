import { z } from 'zod';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import type { NativeMessagesApi } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { startFakeUpstream, type FakeRoute, type FakeUpstream } from '../testing/fake-upstream.ts';
import { fixtureChunks, fixtureJson } from '../testing/fixtures.ts';
import { collect, collectUntilError, testContext, testTarget } from '../testing/test-call.ts';
import { anthropicAdapter } from './anthropic-adapter.ts';

const ANTHROPIC_BASE = 'https://api.anthropic.com';
const native = anthropicAdapter.messages as NativeMessagesApi;
const KEY = 'sk-ant-test-0123456789abcdef';
const HEADERS = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };

let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

async function serve(...routes: FakeRoute[]) {
  fake = await startFakeUpstream(routes);
  return testTarget({ provider: 'anthropic', apiBase: fake.base(ANTHROPIC_BASE), model: 'claude-upstream', apiKey: KEY });
}

/** What Anthropic must receive: its model name, max_tokens, and never an OpenAI-only field. */
const anthropicBody = (stream: boolean) =>
  z
    .object({ model: z.literal('claude-upstream'), max_tokens: z.number().int().positive(), messages: z.array(z.unknown()).min(1), stream: stream ? z.literal(true) : z.undefined() })
    .passthrough()
    .refine((body) => !('stream_options' in body) && !('api_key' in body), 'stream_options/api_key must not be sent');

const chatRequest = { model: 'public-name', messages: [{ role: 'user', content: 'Hello' }] };
const replay = (file: string) => ({ sse: fixtureChunks(`anthropic/${file}`), sseEventNames: true, done: false });
const parse = (data: string) => JSON.parse(data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[]; usage?: Record<string, unknown> };

describe('anthropic adapter: recorded JSON responses as OpenAI chat completions', () => {
  it('replays anthropic-text.json: text, finish reason, usage with cache fields, raw stop reason kept aside', async () => {
    const target = await serve({ route: 'POST /v1/messages', expect: { authorization: 'absent', headers: HEADERS, body: anthropicBody(false) }, reply: { json: fixtureJson('anthropic/anthropic-text.json') } });
    const result = await anthropicAdapter.json('chat', chatRequest, target, testContext());
    expect(result.body).toMatchObject({
      id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: expect.stringMatching(/^Hello! I'm doing well/) }, provider_specific_fields: { stop_reason: 'end_turn' } }],
      usage: { prompt_tokens: 12, completion_tokens: 29, total_tokens: 41, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 29, totalTokens: 41, cachedPromptTokens: 0, cacheCreationTokens: 0 });
    expect(fake.requests[0]?.json).toMatchObject({ max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }] });
  });

  it('replays anthropic-json-tool.1.json as a tool call with JSON arguments', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: { json: fixtureJson('anthropic/anthropic-json-tool.1.json') } });
    const result = await anthropicAdapter.json('chat', { ...chatRequest, tools: [{ type: 'function', function: { name: 'json', parameters: { type: 'object' } } }] }, target, testContext());
    const choice = (result.body.choices as { message: { content: unknown; tool_calls: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[])[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls[0]).toMatchObject({ id: 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa', type: 'function', function: { name: 'json' } });
    expect(JSON.parse(choice?.message.tool_calls[0]?.function.arguments ?? '')).toMatchObject({ elements: expect.arrayContaining([{ location: 'Paris', temperature: 23, condition: 'cloudy' }]) });
    expect(result.usage).toMatchObject({ promptTokens: 1151, completionTokens: 87 });
  });

  it('replays anthropic-clear-thinking.1.json: thinking goes to reasoning_content, never into the answer', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: { json: fixtureJson('anthropic/anthropic-clear-thinking.1.json') } });
    const result = await anthropicAdapter.json('chat', chatRequest, target, testContext());
    expect((result.body.choices as unknown[])[0]).toMatchObject({ message: { content: '925 ÷ 5 = 185', reasoning_content: '925 divided by 5 = 185' } });
  });

  it('answers JSON mode with the forced tool call as message text', async () => {
    const recorded = fixtureJson('anthropic/anthropic-json-tool.1.json');
    const content = [{ ...(recorded.content as Record<string, unknown>[])[0], name: 'json_response' }];
    const target = await serve({ route: 'POST /v1/messages', reply: { json: { ...recorded, content } } });
    const schema = { type: 'object', properties: { elements: { type: 'array' } } };
    const result = await anthropicAdapter.json('chat', { ...chatRequest, response_format: { type: 'json_schema', json_schema: { name: 'w', schema } } }, target, testContext());
    expect(fake.requests[0]?.json).toMatchObject({ tools: [{ name: 'json_response', input_schema: schema }], tool_choice: { type: 'tool', name: 'json_response' } });
    const choice = (result.body.choices as { message: { content: string; tool_calls?: unknown }; finish_reason: string }[])[0];
    expect(choice?.finish_reason).toBe('stop');
    expect(choice?.message.tool_calls).toBeUndefined();
    expect(JSON.parse(choice?.message.content ?? '')).toMatchObject({ elements: expect.any(Array) });
  });
});

describe('anthropic adapter: recorded streams as OpenAI chunks', () => {
  it('replays anthropic-text.chunks.txt: text deltas, one finish chunk, then a usage chunk', async () => {
    const target = await serve({ route: 'POST /v1/messages', expect: { headers: { ...HEADERS, accept: 'text/event-stream' }, body: anthropicBody(true) }, reply: replay('anthropic-text.chunks.txt') });
    const events = await collect(await anthropicAdapter.stream('chat', chatRequest, target, testContext()));
    const chunks = events.map((e) => parse(e.data));
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(events.map((e) => e.text ?? '').join('')).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(events.filter((e) => e.finished)).toHaveLength(1);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ object: 'chat.completion.chunk', id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', choices: [], usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 } });
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 12, completionTokens: 30, totalTokens: 42, cachedPromptTokens: 0, cacheCreationTokens: 0 });
  });

  it('replays anthropic-json-tool.1.chunks.txt: id and name first, then argument pieces', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: replay('anthropic-json-tool.1.chunks.txt') });
    const events = await collect(await anthropicAdapter.stream('chat', chatRequest, target, testContext()));
    const calls = events.flatMap((e) => (parse(e.data).choices[0]?.delta.tool_calls as Record<string, unknown>[] | undefined) ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', type: 'function', function: { name: 'json', arguments: '' } });
    const args = calls.slice(1).map((call) => (call.function as { arguments: string }).arguments);
    expect(calls.slice(1).every((call) => call.index === 0 && call.id === undefined)).toBe(true);
    expect(JSON.parse(args.join(''))).toEqual({ elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] });
    const finish = events.find((e) => e.finished);
    expect(parse(finish?.data ?? '{}').choices[0]?.finish_reason).toBe('tool_calls');
    expect(events.at(-1)?.usage).toMatchObject({ promptTokens: 849, completionTokens: 47 });
  });

  it('replays the prompt-cache stream: cache reads and writes from message_delta, server tool blocks left out', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: replay('anthropic-code-execution-20260120-prompt-cache.1.chunks.txt') });
    const events = await collect(await anthropicAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.map((e) => parse(e.data).choices[0]?.delta.content ?? '').join('')).toBe('The sum of the squares of the numbers 1 through 12 is **650**.');
    expect(events.some((e) => parse(e.data).choices[0]?.delta.tool_calls)).toBe(false);
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 6 + 3337 + 6289, completionTokens: 198, totalTokens: 6 + 3337 + 6289 + 198, cachedPromptTokens: 6289, cacheCreationTokens: 3337, reasoningTokens: 0 });
    expect(parse(events.at(-1)?.data ?? '').usage).toMatchObject({ prompt_tokens: 9632, prompt_tokens_details: { cached_tokens: 6289 }, cache_creation_input_tokens: 3337, cache_read_input_tokens: 6289 });
  });

  it('takes input_tokens from message_delta when it corrects message_start', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: replay('anthropic-message-delta-input-tokens.chunks.txt') });
    const events = await collect(await anthropicAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.map((e) => e.text ?? '').join('')).toBe('pong');
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 61, completionTokens: 2, totalTokens: 63 });
  });

  it('ends a stream cut before message_stop with a clean error', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: { ...replay('anthropic-text.chunks.txt'), sse: fixtureChunks('anthropic/anthropic-text.chunks.txt').slice(0, 5) } });
    const { events, error } = await collectUntilError(await anthropicAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.length).toBeGreaterThan(0);
    expect(error).toMatchObject({ kind: 'upstream_error', status: 502 });
  });

  it('maps an in-stream overloaded error event', async () => {
    const first = fixtureChunks('anthropic/anthropic-text.chunks.txt').slice(0, 2);
    const target = await serve({ route: 'POST /v1/messages', reply: { sse: [...first, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'], sseEventNames: true, done: false } });
    const { error } = await collectUntilError(await anthropicAdapter.stream('chat', chatRequest, target, testContext()));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', status: 503, options: { code: 'overloaded_error' } });
  });

  it('closes the upstream request when the client aborts mid-stream', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: { ...replay('anthropic-text.chunks.txt'), stallAfter: 5 } });
    const ctx = testContext();
    let seen = 0;
    const error = await (async () => {
      for await (const _event of await anthropicAdapter.stream('chat', chatRequest, target, ctx)) if (++seen === 2) ctx.controller.abort();
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(await fake.requests[0]?.closed).toEqual({ completed: false });
  });
});

describe('anthropic adapter: errors and native messages', () => {
  it('maps the recorded invalid_request_error (issue 17366) to a 400 with Anthropic\'s type as code', async () => {
    const target = await serve({ route: 'POST /v1/messages', reply: { status: 400, json: fixtureJson('anthropic/anthropic-issue-17366-error.json') } });
    const error = await anthropicAdapter.json('chat', chatRequest, target, testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, options: { code: 'invalid_request_error', upstreamStatus: 400 }, message: expect.stringContaining('tool_use_id') });
  });

  it('maps 429 with retry-after and 529 overloaded', async () => {
    const target = await serve(
      { route: 'POST /v1/messages', reply: { status: 429, headers: { 'retry-after': '7' }, json: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } } } },
      { route: 'POST /v1/messages/count_tokens', reply: { status: 529, json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } } },
    );
    await expect(anthropicAdapter.json('chat', chatRequest, target, testContext())).rejects.toMatchObject({ kind: 'rate_limit', status: 429, options: { retryAfterSeconds: 7 } });
    await expect(native.countTokens({ messages: [] }, target, testContext())).rejects.toMatchObject({ kind: 'upstream_unavailable', status: 503, isRetryable: true });
  });

  it('sends a native body as-is (cache_control, thinking) with the upstream model and merged betas', async () => {
    const recorded = fixtureJson('anthropic/anthropic-clear-thinking.1.json');
    const target = await serve({ route: 'POST /v1/messages', expect: { headers: { ...HEADERS, 'anthropic-beta': 'from-config-1,client-beta-2' } }, reply: { json: recorded } });
    const body = { model: 'public', max_tokens: 100, thinking: { type: 'enabled', budget_tokens: 50 }, stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] }] };
    const result = await native.json(body, { ...target, params: { anthropic_beta: ['from-config-1'] } }, testContext(), { betas: ['client-beta-2'] });
    expect(result.body).toEqual(recorded);
    expect(result.usage).toMatchObject({ promptTokens: 69, completionTokens: 33 });
    const { stream: _s, ...rest } = body;
    expect(fake.requests[0]?.json).toEqual({ ...rest, model: 'claude-upstream' });
  });

  it('streams native events unchanged with their names, usage on message_delta', async () => {
    const chunks = fixtureChunks('anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt');
    const target = await serve({ route: 'POST /v1/messages', reply: replay('anthropic-code-execution-20260120-prompt-cache.1.chunks.txt') });
    const events = await collect(await native.stream({ model: 'x', max_tokens: 10, messages: [] }, target, testContext()));
    expect(events.map((e) => e.data)).toEqual(chunks);
    expect(events.map((e) => e.event)).toEqual(chunks.map((c) => (JSON.parse(c) as { type: string }).type));
    expect(events.filter((e) => e.usage)).toHaveLength(1);
    expect(events.find((e) => e.usage)).toMatchObject({ finished: true, usage: { promptTokens: 9632, cachedPromptTokens: 6289, cacheCreationTokens: 3337 } });
    expect(fake.requests[0]?.json).toMatchObject({ model: 'claude-upstream', stream: true });
  });

  it('counts tokens upstream', async () => {
    const target = await serve({ route: 'POST /v1/messages/count_tokens', expect: { headers: HEADERS }, reply: { json: { input_tokens: 42 } } });
    expect(await native.countTokens({ model: 'x', messages: [{ role: 'user', content: 'Hi' }] }, target, testContext())).toEqual({ inputTokens: 42 });
  });
});
