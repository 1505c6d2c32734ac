import type { ServerResponse } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import { adapterFor, createVertexAdapter } from '@switchboard/providers';
import type { RunningService } from '@switchboard/service-kit';
import { fixtureChunks, fixtureJson } from '@switchboard/providers-testing';
import { startTestGateway } from './testing/start-test-gateway.ts';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const GEMINI_KEY = 'AIzaSyUPSTREAMKEY0123456789abcdefghijk';
const VERTEX_TOKEN = 'ya29.vertex-test-token-abcdef0123456789';
const upstream = new FakeOpenAiUpstream();
const settled: CallRecord[] = [];
let gateway: RunningService;
let client: OpenAI;
let origin: string;

const fixture = (name: string) => fixtureJson(`google/${name}`);
const chunks = (name: string) => fixtureChunks(`google/${name}`);

async function writeSse(res: ServerResponse, payloads: readonly string[]): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const payload of payloads) {
    if (res.destroyed) return;
    res.write(`data: ${payload}\r\n\r\n`); // Google ends SSE lines with CRLF
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  res.end();
}

/** `gemini-<name>` answers from `google-<name>.json`, or `.chunks.txt` when streaming. */
const RECORDINGS: Record<string, { json: string; chunks?: string; status?: number }> = {
  text: { json: 'google-text.json', chunks: 'google-text.chunks.txt' },
  tool: { json: 'google-tool-call.json', chunks: 'google-tool-call.chunks.txt' },
  quota: { json: 'google-429-retry-info.json', status: 429 },
  invalid: { json: 'google-thinking-level-minimal-unsupported.json', status: 400 },
};

beforeAll(async () => {
  await upstream.start();
  for (const [name, recording] of Object.entries(RECORDINGS)) {
    upstream.on(`/${name}/v1beta/models/gemini-3-pro-preview:generateContent`, (_call, res) => sendJson(res, fixture(recording.json), recording.status ?? 200));
    upstream.on(`/${name}/v1beta/models/gemini-3-pro-preview:streamGenerateContent`, (_call, res) => (recording.chunks ? writeSse(res, chunks(recording.chunks)) : sendJson(res, fixture(recording.json), recording.status ?? 200)));
  }
  upstream.on('/blocked/v1beta/models/gemini-3-pro-preview:generateContent', (_call, res) => sendJson(res, { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 } }));
  upstream.on('/cut/v1beta/models/gemini-3-pro-preview:streamGenerateContent', async (_call, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`data: ${chunks('google-text.chunks.txt')[0]}\r\n\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket?.destroy();
  });
  upstream.on('/vertex/v1/projects/proj-1/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent', (_call, res) => sendJson(res, fixture('google-tool-call.json')));
  upstream.on('/v1beta/models', (_call, res) => sendJson(res, { models: [{ name: 'models/gemini-3-pro-preview' }] }));

  const gemini = (name: string) => ({
    model_name: `gemini-${name}`,
    litellm_params: { model: 'gemini/gemini-3-pro-preview', api_key: GEMINI_KEY, api_base: `${upstream.url}/${name}` },
    model_info: { id: `gemini-${name}-1`, input_cost_per_token: 0.000002, output_cost_per_token: 0.000012 },
  });
  const model_list = [
    ...[...Object.keys(RECORDINGS), 'blocked', 'cut'].map(gemini),
    { model_name: 'vertex-pro', litellm_params: { model: 'vertex_ai/gemini-2.5-pro', vertex_project: 'proj-1', vertex_location: 'europe-west4', api_base: `${upstream.url}/vertex` }, model_info: { id: 'vertex-1' } },
    { model_name: 'gemini-pass', litellm_params: { model: 'gemini/gemini-3-pro-preview', api_key: GEMINI_KEY, api_base: `${upstream.url}/v1beta`, use_in_pass_through: true } },
  ];
  const vertex = createVertexAdapter(async () => VERTEX_TOKEN);
  const adapters = (provider: string) => (provider === 'vertex_ai' ? vertex : adapterFor(provider));
  ({ gateway, origin, client } = await startTestGateway(model_list, { masterKey: MASTER, onSettled: (r) => void settled.push(r), adapterFor: adapters }));
});

afterAll(async () => {
  await gateway.shutdown('test over');
  await upstream.stop();
});

beforeEach(() => {
  upstream.calls.length = 0;
  settled.length = 0;
});

const ask = [{ role: 'user' as const, content: 'How many r are in strawberry?' }];

describe('the openai SDK against Gemini deployments (recorded responses)', () => {
  it('gets a completion from google-text.json; thinking tokens are billed as output', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'gemini-text', messages: ask }).withResponse();
    expect(data.choices[0]?.message.content).toBe("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
    expect(data.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 272, total_tokens: 281, completion_tokens_details: { reasoning_tokens: 244 } });
    expect(Number(response.headers.get('x-switchboard-response-cost'))).toBeCloseTo(9 * 0.000002 + 272 * 0.000012, 12);
    const [call] = upstream.calls;
    expect(call?.headers['x-goog-api-key']).toBe(GEMINI_KEY);
    expect(call?.path).not.toContain('key=');
    expect(call?.body).toEqual({ contents: [{ role: 'user', parts: [{ text: ask[0]?.content }] }] });
  });

  it('gets a tool call from google-tool-call.json', async () => {
    const result = await client.chat.completions.create({ model: 'gemini-tool', messages: ask, tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }] });
    const call = result.choices[0]?.message.tool_calls?.[0];
    expect(result.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : []).toEqual(['weather', { location: 'San Francisco' }]);
  });

  it('streams google-text.chunks.txt with usage when asked', async () => {
    let text = '';
    let usage;
    for await (const chunk of await client.chat.completions.create({ model: 'gemini-text', messages: ask, stream: true, stream_options: { include_usage: true } })) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(usage).toMatchObject({ prompt_tokens: 9, completion_tokens_details: { reasoning_tokens: 185 } });
    expect(settled[0]?.usage).toMatchObject({ promptTokens: 9, reasoningTokens: 185 });
    expect(upstream.calls[0]?.path).toBe('/text/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse');
  });

  it('accumulates a streamed tool call (google-tool-call.chunks.txt)', async () => {
    const final = await client.chat.completions.stream({ model: 'gemini-tool', messages: ask, tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }] }).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : {}).toEqual({ location: 'San Francisco' });
  });

  it('reaches Vertex AI with a bearer token at the project/location URL', async () => {
    const result = await client.chat.completions.create({ model: 'vertex-pro', messages: ask, tools: [{ type: 'function', function: { name: 'weather' } }] });
    expect(result.choices[0]?.finish_reason).toBe('tool_calls');
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${VERTEX_TOKEN}`);
    expect(upstream.calls[0]?.headers['x-goog-api-key']).toBeUndefined();
  });
});

describe('Gemini errors through the gateway', () => {
  it('maps the recorded 429 RESOURCE_EXHAUSTED to 429 with Retry-After from RetryInfo', async () => {
    const error = (await client.chat.completions.create({ model: 'gemini-quota', messages: ask }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('35');
  });

  it('maps the recorded 400 INVALID_ARGUMENT and a blocked prompt to 400s', async () => {
    await expect(client.chat.completions.create({ model: 'gemini-invalid', messages: ask })).rejects.toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    await expect(client.chat.completions.create({ model: 'gemini-blocked', messages: ask })).rejects.toMatchObject({ status: 400, code: 'SAFETY' });
  });

  it('ends a stream cut by the network with an error event and a clean close', async () => {
    let text = '';
    const error = await (async () => {
      for await (const chunk of await client.chat.completions.create({ model: 'gemini-cut', messages: ask, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text).toBe('There are **3**');
    expect(error).toBeInstanceOf(OpenAI.APIError);
  });
});

describe('/gemini passthrough', () => {
  it('sends the configured key in x-goog-api-key and drops a client ?key=', async () => {
    const res = await fetch(`${origin}/gemini/v1beta/models?key=client-key&pageSize=5`, { headers: { authorization: `Bearer ${MASTER}`, 'x-goog-api-key': 'client-own' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ models: [{ name: 'models/gemini-3-pro-preview' }] });
    expect(upstream.calls[0]?.path).toBe('/v1beta/models?pageSize=5');
    expect(upstream.calls[0]?.headers['x-goog-api-key']).toBe(GEMINI_KEY);
    expect(upstream.calls[0]?.headers.authorization).toBeUndefined();
  });
});
