import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import type { JsonResult } from '../provider.ts';
import { startFakeUpstream, type FakeRoute, type FakeUpstream } from '../testing/fake-upstream.ts';
import { fixtureChunks, fixtureJson } from '../testing/fixtures.ts';
import { collect, collectUntilError, testContext, testTarget } from '../testing/test-call.ts';
import { cohereAdapter } from './cohere-adapter.ts';

const COHERE_BASE = 'https://api.cohere.com';
const KEY = 'co-test-key-0123456789abcdef';
const rerank = cohereAdapter.rerank as NonNullable<typeof cohereAdapter.rerank>;

let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

async function serve(...routes: FakeRoute[]) {
  fake = await startFakeUpstream(routes);
  return testTarget({ provider: 'cohere', apiBase: fake.base(COHERE_BASE), model: 'command-r-plus', apiKey: KEY });
}

const auth = { authorization: `Bearer ${KEY}` };
const chatRequest = { model: 'public', messages: [{ role: 'user', content: 'Capital of France?' }] };
const replay = (file: string) => ({ sse: fixtureChunks(`cohere/${file}`), sseEventNames: true, done: false });
const parse = (data: string) => JSON.parse(data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[] };
const choiceOf = (result: JsonResult) => (result.body.choices as { message: Record<string, unknown>; finish_reason: string }[])[0];

describe('cohere adapter: chat', () => {
  it('replays cohere-text.json; usage from billed units', async () => {
    const target = await serve({ route: 'POST /v2/chat', expect: { authorization: auth.authorization }, reply: { json: fixtureJson('cohere/cohere-text.json') } });
    const result = await cohereAdapter.json('chat', { ...chatRequest, messages: [{ role: 'system', content: 'Short.' }, ...chatRequest.messages], top_p: 0.5, stop: 'END', max_tokens: 20 }, target, testContext());
    expect(result.body).toMatchObject({ id: 'e7592632-1e3d-424f-b129-bd5f9f980f7b', model: 'command-r-plus', choices: [{ finish_reason: 'stop', message: { content: 'The capital of France is Paris.' } }] });
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 7, totalTokens: 19 });
    expect(fake.requests[0]?.json).toEqual({ model: 'command-r-plus', messages: [{ role: 'system', content: 'Short.' }, { role: 'user', content: 'Capital of France?' }], max_tokens: 20, p: 0.5, stop_sequences: ['END'] });
  });

  it('replays cohere-tool-call.json: two tool calls, tool_plan as reasoning, tool results sent back', async () => {
    const target = await serve({ route: 'POST /v2/chat', reply: { json: fixtureJson('cohere/cohere-tool-call.json') } });
    const messages = [...chatRequest.messages, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: 'sunny' }];
    const result = await cohereAdapter.json('chat', { model: 'x', messages, tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }], tool_choice: 'required' }, target, testContext());
    const choice = choiceOf(result);
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.reasoning_content).toMatch(/^I will use the weather tool/);
    expect((choice?.message.tool_calls as { id: string }[]).map((c) => c.id)).toEqual(['weather_dqgshstja6p9', 'cityAttractions_dcxfx4myvx68']);
    expect(fake.requests[0]?.json).toMatchObject({ tool_choice: 'REQUIRED', messages: [{ role: 'user' }, { role: 'assistant', tool_calls: [{ id: 'c1' }] }, { role: 'tool', tool_call_id: 'c1', content: 'sunny' }] });
  });

  it('replays cohere-text.chunks.txt', async () => {
    const target = await serve({ route: 'POST /v2/chat', reply: replay('cohere-text.chunks.txt') });
    const events = await collect(await cohereAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.map((e) => e.text ?? '').join('')).toBe('The capital of France is Paris.');
    expect(parse(events.at(-2)?.data ?? '').choices[0]?.finish_reason).toBe('stop');
    expect(events.at(-1)?.usage).toMatchObject({ promptTokens: expect.any(Number) });
    expect(fake.requests[0]?.json).toMatchObject({ stream: true });
  });

  it('replays cohere-tool-call.chunks.txt: tool plan as reasoning, two calls with argument pieces', async () => {
    const target = await serve({ route: 'POST /v2/chat', reply: replay('cohere-tool-call.chunks.txt') });
    const events = await collect(await cohereAdapter.stream('chat', chatRequest, target, testContext()));
    const calls = new Map<number, { id?: string; args: string }>();
    for (const event of events) {
      for (const call of (parse(event.data).choices[0]?.delta.tool_calls as { index: number; id?: string; function: { arguments: string } }[] | undefined) ?? []) {
        const seen = calls.get(call.index) ?? { args: '' };
        calls.set(call.index, { id: call.id ?? seen.id, args: seen.args + call.function.arguments });
      }
    }
    expect([...calls.values()]).toEqual([{ id: 'weather_e8p4pn45zt0t', args: '{"location": "San Francisco"}' }, { id: 'cityAttractions_pyxssbwnq9fq', args: '{"city": "San Francisco"}' }]);
    expect(parse(events.find((e) => e.finished)?.data ?? '').choices[0]?.finish_reason).toBe('tool_calls');
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 119, completionTokens: 44, totalTokens: 163 });
  });

  it('ends a stream cut before message-end with a clean error', async () => {
    const target = await serve({ route: 'POST /v2/chat', reply: { ...replay('cohere-text.chunks.txt'), sse: fixtureChunks('cohere/cohere-text.chunks.txt').slice(0, 4) } });
    const { error } = await collectUntilError(await cohereAdapter.stream('chat', chatRequest, target, testContext()));
    expect(error).toMatchObject({ kind: 'upstream_error', message: expect.stringMatching(/cut/) });
  });

  it.each([
    [400, 'bad_request', 400],
    [498, 'authentication', 401],
    [429, 'rate_limit', 429],
    [500, 'upstream_error', 502],
    [503, 'upstream_unavailable', 503],
  ])('maps HTTP %i', async (status, kind, clientStatus) => {
    const target = await serve({ route: 'POST /v2/chat', reply: { status, json: { message: `failure with ${KEY}` } } });
    const error = (await cohereAdapter.json('chat', chatRequest, target, testContext()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind, status: clientStatus });
    expect(error.message).not.toContain(KEY);
  });
});

describe('cohere adapter: embed and rerank', () => {
  it('embeds through /v2/embed with billed tokens', async () => {
    const target = await serve({ route: 'POST /v2/embed', expect: auth, reply: { json: { id: 'e', embeddings: { float: [[0.1], [0.2]] }, texts: ['a', 'b'], meta: { billed_units: { input_tokens: 4 } } } } });
    const result = await cohereAdapter.json('embeddings', { model: 'e', input: ['a', 'b'] }, { ...target, model: 'embed-v4.0' }, testContext());
    expect(result.body).toMatchObject({ object: 'list', data: [{ index: 0, embedding: [0.1] }, { index: 1, embedding: [0.2] }], usage: { prompt_tokens: 4 } });
    expect(fake.requests[0]?.json).toEqual({ model: 'embed-v4.0', texts: ['a', 'b'], input_type: 'search_document', embedding_types: ['float'] });
  });

  it('reranks through /v2/rerank and answers in Cohere\'s shape', async () => {
    const answer = { id: 'r1', results: [{ index: 1, relevance_score: 0.9 }, { index: 0, relevance_score: 0.1 }], meta: { billed_units: { search_units: 1 } } };
    const target = await serve({ route: 'POST /v2/rerank', expect: auth, reply: { json: answer } });
    const result = await rerank({ model: 'public', query: 'q', documents: ['a', 'b'], top_n: 2 }, { ...target, model: 'rerank-v3.5' }, testContext());
    expect(result.body).toEqual(answer);
    expect(fake.requests[0]?.json).toEqual({ model: 'rerank-v3.5', query: 'q', documents: ['a', 'b'], top_n: 2 });
  });
});
