import type { ServerResponse } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import type { RunningService } from '@switchboard/service-kit';
import { fixtureChunks, fixtureJson } from '@switchboard/providers-testing';
import { startTestGateway } from './testing/start-test-gateway.ts';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const COHERE_KEY = 'co-upstream-key-0123456789abcdef';
const upstream = new FakeOpenAiUpstream();
const settled: CallRecord[] = [];
let gateway: RunningService;
let client: OpenAI;
let origin: string;

const fixture = (name: string) => fixtureJson(`cohere/${name}`);
const chunks = (name: string) => fixtureChunks(`cohere/${name}`);

/** Cohere names every event after its `type`; the stream ends after message-end. */
async function writeCohereSse(res: ServerResponse, payloads: readonly string[]): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const payload of payloads) {
    if (res.destroyed) return;
    res.write(`event: ${(JSON.parse(payload) as { type: string }).type}\ndata: ${payload}\n\n`);
  }
  res.end();
}

const RECORDINGS: Record<string, { json: string; chunks: string }> = {
  text: { json: 'cohere-text.json', chunks: 'cohere-text.chunks.txt' },
  tool: { json: 'cohere-tool-call.json', chunks: 'cohere-tool-call.chunks.txt' },
};

beforeAll(async () => {
  await upstream.start();
  for (const [name, recording] of Object.entries(RECORDINGS)) {
    upstream.on(`/${name}/v2/chat`, (call, res) => (call.body.stream ? writeCohereSse(res, chunks(recording.chunks)) : sendJson(res, fixture(recording.json))));
  }
  upstream
    .on('/limited/v2/chat', (_call, res) => sendJson(res, { message: "You are using a Trial key, which is limited to 10 API calls / minute." }, 429))
    .on('/text/v2/embed', (_call, res) => sendJson(res, { id: 'e1', embeddings: { float: [[0.5, 0.5]] }, meta: { billed_units: { input_tokens: 3 } } }))
    .on('/text/v2/rerank', (_call, res) => sendJson(res, { id: 'r1', results: [{ index: 1, relevance_score: 0.98 }, { index: 0, relevance_score: 0.02 }], meta: { api_version: { version: '2' }, billed_units: { search_units: 1 } } }))
    .on('/v2/models', (_call, res) => sendJson(res, { models: [{ name: 'command-r-plus' }] }));
  const cohere = (name: string) => ({
    model_name: `cohere-${name}`,
    litellm_params: { model: 'cohere/command-r-plus', api_key: COHERE_KEY, api_base: `${upstream.url}/${name}` },
    model_info: { id: `cohere-${name}-1`, input_cost_per_token: 0.0000025, output_cost_per_token: 0.00001 },
  });
  const model_list = [
    cohere('text'),
    cohere('tool'),
    cohere('limited'),
    { model_name: 'cohere-embed', litellm_params: { model: 'cohere/embed-v4.0', api_key: COHERE_KEY, api_base: `${upstream.url}/text` } },
    { model_name: 'cohere-rerank', litellm_params: { model: 'cohere/rerank-v3.5', api_key: COHERE_KEY, api_base: `${upstream.url}/text` } },
    { model_name: 'mock-chat', litellm_params: { model: 'mock/any' } },
    // OpenAI has no rerank API (the mock provider has one, for demos).
    { model_name: 'openai-chat', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-openai-test-0123456789', api_base: upstream.url } },
    { model_name: 'cohere-pass', litellm_params: { model: 'cohere/command-r-plus', api_key: COHERE_KEY, api_base: upstream.url, use_in_pass_through: true } },
  ];
  ({ gateway, origin, client } = await startTestGateway(model_list, { masterKey: MASTER, onSettled: (r) => void settled.push(r) }));
});

afterAll(async () => {
  await gateway.shutdown('test over');
  await upstream.stop();
});

beforeEach(() => {
  upstream.calls.length = 0;
  settled.length = 0;
});

const ask = [{ role: 'user' as const, content: 'Capital of France?' }];

describe('the openai SDK against Cohere deployments (recorded responses)', () => {
  it('gets a completion from cohere-text.json, billed by billed units', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'cohere-text', messages: ask }).withResponse();
    expect(data.choices[0]?.message.content).toBe('The capital of France is Paris.');
    expect(data.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7 });
    expect(Number(response.headers.get('x-switchboard-response-cost'))).toBeCloseTo(12 * 0.0000025 + 7 * 0.00001, 12);
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${COHERE_KEY}`);
    expect(upstream.calls[0]?.body).toEqual({ model: 'command-r-plus', messages: [{ role: 'user', content: 'Capital of France?' }] });
  });

  it('gets two tool calls from cohere-tool-call.json', async () => {
    const result = await client.chat.completions.create({ model: 'cohere-tool', messages: ask, tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }] });
    expect(result.choices[0]?.finish_reason).toBe('tool_calls');
    expect(result.choices[0]?.message.tool_calls?.map((c) => (c.type === 'function' ? c.function.name : ''))).toEqual(['weather', 'cityAttractions']);
  });

  it('streams cohere-text.chunks.txt with usage when asked', async () => {
    let text = '';
    let usage;
    for await (const chunk of await client.chat.completions.create({ model: 'cohere-text', messages: ask, stream: true, stream_options: { include_usage: true } })) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('The capital of France is Paris.');
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number) });
  });

  it('accumulates streamed tool calls (cohere-tool-call.chunks.txt) with the SDK\'s stream helper', async () => {
    const final = await client.chat.completions.stream({ model: 'cohere-tool', messages: ask, tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }] }).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls?.map((c) => (c.type === 'function' ? JSON.parse(c.function.arguments) : {}))).toEqual([{ location: 'San Francisco' }, { city: 'San Francisco' }]);
    expect(settled[0]?.usage).toEqual({ promptTokens: 119, completionTokens: 44, totalTokens: 163 });
  });

  it('maps a 429 to a rate-limit error', async () => {
    await expect(client.chat.completions.create({ model: 'cohere-limited', messages: ask })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('embeds through /v2/embed', async () => {
    const result = await client.embeddings.create({ model: 'cohere-embed', input: 'hello' });
    expect(result.data[0]?.embedding).toEqual([0.5, 0.5]);
    expect(result.usage).toMatchObject({ prompt_tokens: 3 });
  });
});

describe('/v1/rerank and /rerank', () => {
  it('answers in Cohere\'s shape on both paths', async () => {
    for (const path of ['/v1/rerank', '/rerank']) {
      const res = await fetch(`${origin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'cohere-rerank', query: 'capital of France', documents: ['Berlin', 'Paris'], top_n: 2 }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: 'r1', results: [{ index: 1, relevance_score: 0.98 }, { index: 0, relevance_score: 0.02 }], meta: { billed_units: { search_units: 1 } } });
    }
    expect(upstream.calls[0]?.body).toEqual({ model: 'rerank-v3.5', query: 'capital of France', documents: ['Berlin', 'Paris'], top_n: 2 });
    expect(settled[0]).toMatchObject({ route: '/rerank', deploymentId: expect.any(String), status: 200 });
  });

  it('refuses a malformed request and a model without rerank', async () => {
    const bad = await fetch(`${origin}/v1/rerank`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'cohere-rerank', documents: [] }) });
    expect(bad.status).toBe(400);
    const unsupported = await fetch(`${origin}/v1/rerank`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai-chat', query: 'q', documents: ['a'] }) });
    expect(unsupported.status).toBe(400);
    expect(((await unsupported.json()) as { error: { message: string } }).error.message).toContain('rerank is not supported by provider openai');
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('/cohere passthrough', () => {
  it('swaps the gateway key for the configured Cohere key', async () => {
    const res = await fetch(`${origin}/cohere/v2/models`, { headers: { authorization: `Bearer ${MASTER}` } });
    expect(res.status).toBe(200);
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${COHERE_KEY}`);
  });
});
