import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { z } from 'zod';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import { ProviderError } from '../provider-error.ts';
import { startFakeUpstream, type FakeRoute, type FakeUpstream, type RecordedRequest } from '../testing/fake-upstream.ts';
import { fixtureJson } from '../testing/fixtures.ts';
import { collect, collectUntilError, testContext, testTarget } from '../testing/test-call.ts';
import { bedrockAdapter } from './bedrock-adapter.ts';
import { bedrockFrames } from './bedrock-test-frames.ts';
import { encodeEventFrame, encodeExceptionFrame } from './read-event-stream-frames.ts';

const REGION = 'us-east-1';
const BEDROCK_BASE = `https://bedrock-runtime.${REGION}.amazonaws.com`;
const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const PATH = `/model/${encodeURIComponent(MODEL)}`;
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789';
const AWS_PARAMS = { aws_access_key_id: ACCESS_KEY, aws_secret_access_key: SECRET_KEY, aws_session_token: SESSION_TOKEN, aws_region_name: REGION };

let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

async function serve(...routes: FakeRoute[]) {
  fake = await startFakeUpstream(routes);
  return testTarget({ provider: 'bedrock', apiBase: fake.base(BEDROCK_BASE), model: MODEL, apiKey: undefined, params: AWS_PARAMS });
}

/** Re-signs what the fake received with the same keys and date: equal signatures prove the signature covers the request as sent. */
async function expectValidSignature(recorded: RecordedRequest): Promise<void> {
  const headers = recorded.headers as Record<string, string>;
  const amzDate = headers['x-amz-date'] as string;
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const [path, query] = recorded.route.split(' ')[1]?.split('?') ?? [];
  const signer = new SignatureV4({ service: 'bedrock', region: REGION, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN }, sha256: Sha256 });
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(headers.authorization ?? '')?.[1]?.split(';') ?? [];
  const resigned = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: path as string, query: Object.fromEntries(new URLSearchParams(query ?? '')), headers: Object.fromEntries(signedHeaders.map((name) => [name, headers[name] as string])), body: recorded.body.toString('utf8') },
    { signingDate },
  );
  expect(headers.authorization).toBe(resigned.headers.authorization);
  expect(headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/\\d{8}/${REGION}/bedrock/aws4_request, SignedHeaders=.*host.*x-amz-date.*x-amz-security-token`));
  expect(headers['x-amz-security-token']).toBe(SESSION_TOKEN);
}

const converseBody = z.object({ messages: z.array(z.unknown()).min(1) }).passthrough().refine((body) => !('model' in body) && !('stream' in body), 'model/stream belong in the URL');
const chatRequest = { model: 'public-name', messages: [{ role: 'user', content: 'Hello' }] };
const parse = (data: string) => JSON.parse(data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[]; usage?: Record<string, unknown> };
const frames = (file: string) => ({ bytes: bedrockFrames(file), headers: { 'content-type': 'application/vnd.amazon.eventstream' } });

describe('bedrock adapter: recorded Converse responses as OpenAI chat completions', () => {
  it('replays amazon-bedrock-text.json over a SigV4-signed request', async () => {
    const target = await serve({ route: `POST ${PATH}/converse`, expect: { body: converseBody }, reply: { json: fixtureJson('amazon-bedrock/amazon-bedrock-text.json') } });
    const result = await bedrockAdapter.json('chat', { ...chatRequest, messages: [{ role: 'system', content: 'Be brief.' }, ...chatRequest.messages], max_tokens: 100, temperature: 0.2, top_p: 0.9, stop: 'END' }, target, testContext());
    expect(result.body).toMatchObject({
      object: 'chat.completion',
      model: MODEL,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: expect.stringContaining('There are **3** "r"s') }, provider_specific_fields: { stop_reason: 'end_turn' } }],
      usage: { prompt_tokens: 22, completion_tokens: 57, total_tokens: 79, prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(result.body.id).toMatch(/^chatcmpl-/);
    expect(result.usage).toEqual({ promptTokens: 22, completionTokens: 57, totalTokens: 79, cachedPromptTokens: 0, cacheCreationTokens: 0 });
    expect(fake.requests[0]?.json).toEqual({
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
      inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END'] },
    });
    await expectValidSignature(fake.requests[0] as RecordedRequest);
  });

  it('replays issue-17267-parallel-tool-calls.json as text plus two tool calls', async () => {
    const target = await serve({ route: `POST ${PATH}/converse`, reply: { json: fixtureJson('amazon-bedrock/issue-17267-parallel-tool-calls.json') } });
    const tools = [{ type: 'function', function: { name: 'get_resistor_value', description: 'R', parameters: { type: 'object', properties: { ref: { type: 'string' } } } } }];
    const result = await bedrockAdapter.json('chat', { ...chatRequest, tools, tool_choice: 'required' }, target, testContext());
    const choice = (result.body.choices as { message: { content: string; tool_calls: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[])[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe("Sure! I'll look up both values simultaneously right away!");
    expect(choice?.message.tool_calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['tooluse_hr5juciYZJwUHpRczsw13R', 'get_resistor_value', { ref: 'R1' }],
      ['tooluse_AZHw3Ym0S07qOv5NlXj9iJ', 'get_capacitor_value', { ref: 'C1' }],
    ]);
    expect(fake.requests[0]?.json).toMatchObject({ toolConfig: { tools: [{ toolSpec: { name: 'get_resistor_value', description: 'R', inputSchema: { json: tools[0]?.function.parameters } } }], toolChoice: { any: {} } } });
  });

  it('sends tool calls, tool results and base64 images as Converse blocks', async () => {
    const target = await serve({ route: `POST ${PATH}/converse`, reply: { json: fixtureJson('amazon-bedrock/amazon-bedrock-text.json') } });
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'found' },
    ];
    await bedrockAdapter.json('chat', { model: 'x', messages, tools: [{ type: 'function', function: { name: 'lookup' } }], tool_choice: { type: 'function', function: { name: 'lookup' } } }, target, testContext());
    expect(fake.requests[0]?.json).toMatchObject({
      messages: [
        { role: 'user', content: [{ text: 'What is this?' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 'call_1', name: 'lookup', input: { q: 'x' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: 'found' }] } }] },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object', properties: {} } } } }], toolChoice: { tool: { name: 'lookup' } } },
    });
  });

  it('refuses image URLs Bedrock cannot fetch, before calling it', async () => {
    const target = await serve();
    const messages = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }];
    await expect(bedrockAdapter.json('chat', { model: 'x', messages }, target, testContext())).rejects.toMatchObject({ kind: 'unsupported', status: 400 });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('bedrock adapter: recorded ConverseStream frames as OpenAI chunks', () => {
  it('decodes bedrock-text.chunks.txt frames: text deltas, finish, then usage', async () => {
    const target = await serve({ route: `POST ${PATH}/converse-stream`, expect: { headers: { accept: 'application/vnd.amazon.eventstream' } }, reply: frames('bedrock-text.chunks.txt') });
    const events = await collect(await bedrockAdapter.stream('chat', chatRequest, target, testContext()));
    const chunks = events.map((e) => parse(e.data));
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(events.map((e) => e.text ?? '').join('')).toBe('Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."');
    expect(events.filter((e) => e.finished)).toHaveLength(1);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ object: 'chat.completion.chunk', model: MODEL, choices: [], usage: { prompt_tokens: 22, completion_tokens: 55, total_tokens: 77 } });
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 22, completionTokens: 55, totalTokens: 77 });
    await expectValidSignature(fake.requests[0] as RecordedRequest);
  });

  it('decodes bedrock-json-other-tool.1.chunks.txt: tool id and name first, input pieces, usage after finish though metadata came first', async () => {
    const target = await serve({ route: `POST ${PATH}/converse-stream`, reply: frames('bedrock-json-other-tool.1.chunks.txt') });
    const events = await collect(await bedrockAdapter.stream('chat', chatRequest, target, testContext()));
    const calls = events.flatMap((e) => (parse(e.data).choices[0]?.delta.tool_calls as Record<string, unknown>[] | undefined) ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'toolu_01PQjhxo3eirCdKNvCJrKc8f', type: 'function', function: { name: 'get-weather', arguments: '' } });
    expect(JSON.parse(calls.slice(1).map((c) => (c.function as { arguments: string }).arguments).join(''))).toEqual({ location: 'San Francisco' });
    const finishIndex = events.findIndex((e) => e.finished);
    expect(parse(events[finishIndex]?.data ?? '').choices[0]?.finish_reason).toBe('tool_calls');
    expect(events.findIndex((e) => e.usage)).toBe(finishIndex + 1);
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 843, completionTokens: 28, totalTokens: 871 });
  });

  it('decodes bedrock-reasoning.chunks.txt: reasoning deltas apart from the answer, signature dropped', async () => {
    const target = await serve({ route: `POST ${PATH}/converse-stream`, reply: frames('bedrock-reasoning.chunks.txt') });
    const events = await collect(await bedrockAdapter.stream('chat', chatRequest, target, testContext()));
    const deltas = events.map((e) => parse(e.data).choices[0]?.delta ?? {});
    expect(deltas.map((d) => d.reasoning_content ?? '').join('')).toMatch(/^Let me count the r's in "strawberry":.*So there are 3 r's\.$/s);
    expect(deltas.map((d) => d.content ?? '').join('')).toBe('There are **3** r\'s in "strawberry":\n\n1. st**r**awbe**r****r**y');
    expect(events.at(-1)?.usage).toMatchObject({ promptTokens: 51, completionTokens: 94 });
  });

  it('maps an exception frame mid-stream (throttling) to a rate_limit error after the first chunks', async () => {
    const bytes = Buffer.concat([encodeEventFrame('messageStart', { role: 'assistant' }), encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }), encodeExceptionFrame('throttlingException', { message: 'Too many requests, please wait before trying again.' })]);
    const target = await serve({ route: `POST ${PATH}/converse-stream`, reply: { bytes } });
    const { events, error } = await collectUntilError(await bedrockAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.map((e) => e.text ?? '').join('')).toBe('Hi');
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, options: { code: 'throttlingException' } });
  });

  it('ends a stream cut in the middle of a frame, or before messageStop, with a clean upstream_error', async () => {
    const whole = bedrockFrames('bedrock-text.chunks.txt');
    const target = await serve(
      { route: `POST ${PATH}/converse-stream`, reply: { bytes: whole.subarray(0, whole.length - 10) } },
    );
    const cut = await collectUntilError(await bedrockAdapter.stream('chat', chatRequest, target, testContext()));
    expect(cut.events.length).toBeGreaterThan(3);
    expect(cut.error).toMatchObject({ kind: 'upstream_error', status: 502, message: expect.stringMatching(/cut/) });
    await fake.close();
    const short = Buffer.concat([encodeEventFrame('messageStart', { role: 'assistant' }), encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } })]);
    const target2 = await serve({ route: `POST ${PATH}/converse-stream`, reply: { bytes: short } });
    const early = await collectUntilError(await bedrockAdapter.stream('chat', chatRequest, target2, testContext()));
    expect(early.error).toMatchObject({ kind: 'upstream_error', message: expect.stringMatching(/before messageStop/) });
  });

  it('rejects a frame with a broken checksum as malformed', async () => {
    const bytes = Buffer.from(encodeEventFrame('messageStart', { role: 'assistant' }));
    bytes.writeUInt8((bytes.at(-1) ?? 0) ^ 0xff, bytes.length - 1);
    const target = await serve({ route: `POST ${PATH}/converse-stream`, reply: { bytes } });
    const { error } = await collectUntilError(await bedrockAdapter.stream('chat', chatRequest, target, testContext()));
    expect(error).toMatchObject({ kind: 'upstream_error', message: expect.stringMatching(/malformed/) });
  });
});

describe('bedrock adapter: errors', () => {
  it('maps the recorded ValidationException (x-amzn-errortype header) to a 400', async () => {
    const recorded = fixtureJson('amazon-bedrock/amazon-bedrock-empty-message-validation-error.json') as { status: number; headers: Record<string, string>; body: unknown };
    const target = await serve({ route: `POST ${PATH}/converse`, reply: { status: recorded.status, headers: { 'x-amzn-errortype': recorded.headers['x-amzn-errortype'] as string }, json: recorded.body } });
    const error = await bedrockAdapter.json('chat', chatRequest, target, testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, options: { code: 'ValidationException', upstreamStatus: 400 }, message: expect.stringContaining('messages.1 is empty') });
  });

  it.each([
    [429, 'ThrottlingException', 'Too many requests', 'rate_limit', 429],
    [400, 'ValidationException', 'Input is too long for requested model.', 'context_window_exceeded', 400],
    [403, 'AccessDeniedException', 'You don\'t have access to the model with the specified model ID.', 'permission', 403],
    [424, 'ModelNotReadyException', 'Model is not ready', 'upstream_unavailable', 503],
    [503, 'ServiceUnavailableException', 'Service unavailable', 'upstream_unavailable', 503],
    [500, 'InternalServerException', 'Internal error', 'upstream_error', 502],
  ])('maps HTTP %i %s', async (status, type, message, kind, clientStatus) => {
    const target = await serve({ route: `POST ${PATH}/converse`, reply: { status, headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` }, json: { message } } });
    await expect(bedrockAdapter.json('chat', chatRequest, target, testContext())).rejects.toMatchObject({ kind, status: clientStatus, options: { code: type } });
  });

  it('never repeats credentials an upstream quotes back (signature errors quote the canonical request)', async () => {
    const leaky = `The request signature we calculated does not match. Canonical: x-amz-security-token:${SESSION_TOKEN} Credential=${ACCESS_KEY}/20250101 secret ${SECRET_KEY}`;
    const target = await serve({ route: `POST ${PATH}/converse`, reply: { status: 403, json: { message: leaky, __type: 'com.amazon.coral.service#InvalidSignatureException' } } });
    const error = (await bedrockAdapter.json('chat', chatRequest, target, testContext()).catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: 'authentication', options: { code: 'InvalidSignatureException' } });
    for (const secret of [SESSION_TOKEN, ACCESS_KEY, SECRET_KEY]) expect(error.message).not.toContain(secret);
  });

  it('says which setting is missing when a deployment has no region', async () => {
    const target = await serve();
    const saved = { region: process.env.AWS_REGION, fallback: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      await expect(bedrockAdapter.json('chat', chatRequest, { ...target, params: { aws_access_key_id: ACCESS_KEY, aws_secret_access_key: SECRET_KEY } }, testContext())).rejects.toMatchObject({ kind: 'upstream_unavailable', message: expect.stringContaining('aws_region_name') });
    } finally {
      if (saved.region !== undefined) process.env.AWS_REGION = saved.region;
      if (saved.fallback !== undefined) process.env.AWS_DEFAULT_REGION = saved.fallback;
    }
  });
});

describe('bedrock adapter: credentials', () => {
  it('falls back to the standard AWS chain (here: the environment) without static keys', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN });
    try {
      const target = await serve({ route: `POST ${PATH}/converse`, reply: { json: fixtureJson('amazon-bedrock/amazon-bedrock-text.json') } });
      await bedrockAdapter.json('chat', chatRequest, { ...target, params: { aws_region_name: REGION } }, testContext());
      await expectValidSignature(fake.requests[0] as RecordedRequest);
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret], ['AWS_SESSION_TOKEN', saved.token]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('sends a Bedrock API key as a bearer token instead of signing', async () => {
    const target = await serve({ route: `POST ${PATH}/converse`, expect: { authorization: 'Bearer bedrock-api-key-0123456789' }, reply: { json: fixtureJson('amazon-bedrock/amazon-bedrock-text.json') } });
    await bedrockAdapter.json('chat', chatRequest, { ...target, apiKey: 'bedrock-api-key-0123456789', params: { aws_region_name: REGION } }, testContext());
    expect(fake.requests[0]?.headers['x-amz-date']).toBeUndefined();
  });
});

describe('bedrock adapter: embeddings through InvokeModel', () => {
  it('embeds with Titan, one call per input, token counts summed', async () => {
    const titan = 'amazon.titan-embed-text-v2:0';
    fake = await startFakeUpstream([{ route: `POST /model/${encodeURIComponent(titan)}/invoke`, expect: { body: z.object({ inputText: z.string(), dimensions: z.literal(256) }).strict() }, reply: { json: { embedding: [0.1, 0.2], inputTextTokenCount: 3 } } }]);
    const target = testTarget({ provider: 'bedrock', apiBase: fake.base(BEDROCK_BASE), model: titan, apiKey: undefined, params: AWS_PARAMS });
    const result = await bedrockAdapter.json('embeddings', { model: 'emb', input: ['a', 'b'], dimensions: 256 }, target, testContext());
    expect(result.body).toEqual({ object: 'list', model: titan, data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }, { object: 'embedding', index: 1, embedding: [0.1, 0.2] }], usage: { prompt_tokens: 6, total_tokens: 6 } });
    expect(result.usage).toEqual({ promptTokens: 6, completionTokens: 0, totalTokens: 6 });
    await expectValidSignature(fake.requests[0] as RecordedRequest);
  });

  it('embeds with Cohere in one call', async () => {
    const cohere = 'cohere.embed-english-v3';
    fake = await startFakeUpstream([{ route: `POST /model/${cohere}/invoke`, expect: { body: z.object({ texts: z.array(z.string()), input_type: z.literal('search_document') }).strict() }, reply: { json: { embeddings: [[1, 2], [3, 4]], id: 'x', texts: ['a', 'b'] } } }]);
    const target = testTarget({ provider: 'bedrock', apiBase: fake.base(BEDROCK_BASE), model: cohere, apiKey: undefined, params: AWS_PARAMS });
    const result = await bedrockAdapter.json('embeddings', { model: 'emb', input: ['a', 'b'] }, target, testContext());
    expect((result.body.data as { embedding: number[] }[]).map((d) => d.embedding)).toEqual([[1, 2], [3, 4]]);
    expect(result.usage).toBeUndefined();
  });
});
