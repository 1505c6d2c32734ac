import { Writable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import { createLogger, type RunningService } from '@switchboard/service-kit';
import { fixtureChunks, fixtureJson } from '@switchboard/providers-testing';
import { startTestGateway } from './testing/start-test-gateway.ts';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { FakeOpenAiUpstream, type RecordedCall } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const REGION = 'eu-west-1';
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const upstream = new FakeOpenAiUpstream();
const settled: CallRecord[] = [];
const logLines: string[] = [];
let gateway: RunningService;
let client: OpenAI;
let origin: string;

const fixture = (name: string) => fixtureJson(`amazon-bedrock/${name}`);
const frame = (headers: Record<string, string>, payload: unknown) =>
  codec.encode({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { type: 'string', value: v }])), body: fromUtf8(JSON.stringify(payload)) });
/** A decoded recording encoded back into the binary frames Bedrock sends. */
const recordedFrames = (name: string) =>
  fixtureChunks(`amazon-bedrock/${name}`).map((line) => {
    const [type, payload] = Object.entries(JSON.parse(line) as Record<string, unknown>)[0] as [string, unknown];
    return frame({ ':event-type': type, ':message-type': 'event', ':content-type': 'application/json' }, payload);
  });

async function writeFrames(res: ServerResponse, frames: readonly Uint8Array[], delayMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
  for (const bytes of frames) {
    if (res.destroyed) return;
    res.write(bytes);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  res.end();
}

/** The fake answers per model group path: `/<group>/model/<id>/converse[-stream]`. */
const ROUTES: Record<string, (call: RecordedCall, res: ServerResponse, stream: boolean) => void | Promise<void>> = {
  text: (_c, res, stream) => (stream ? writeFrames(res, recordedFrames('bedrock-text.chunks.txt'), 20) : sendJson(res, fixture('amazon-bedrock-text.json'))),
  tools: (_c, res, stream) => (stream ? writeFrames(res, recordedFrames('bedrock-json-other-tool.1.chunks.txt')) : sendJson(res, fixture('issue-17267-parallel-tool-calls.json'))),
  invalid: (_c, res) => {
    const recorded = fixture('amazon-bedrock-empty-message-validation-error.json') as { headers: Record<string, string>; body: unknown };
    res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': recorded.headers['x-amzn-errortype'] as string }).end(JSON.stringify(recorded.body));
  },
  throttled: (_c, res) => void res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' }).end(JSON.stringify({ message: 'Too many requests, please wait before trying again.' })),
  denied: (_c, res) => void res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnrecognizedClientException' }).end(JSON.stringify({ message: `The security token included in the request is invalid. Credential=${ACCESS_KEY}` })),
  broken: (_c, res) => void res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException' }).end(JSON.stringify({ message: 'boom' })),
  midstream: (_c, res) =>
    writeFrames(res, [...recordedFrames('bedrock-text.chunks.txt').slice(0, 3), frame({ ':message-type': 'exception', ':exception-type': 'modelStreamErrorException', ':content-type': 'application/json' }, { message: 'The model stream failed' })]),
  cut: async (_c, res) => {
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    const frames = recordedFrames('bedrock-text.chunks.txt');
    for (const bytes of frames.slice(0, 4)) res.write(bytes);
    res.write((frames[4] as Uint8Array).subarray(0, 7));
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket?.destroy();
  },
};

beforeAll(async () => {
  await upstream.start();
  for (const [group, behaviour] of Object.entries(ROUTES)) {
    const path = `/${group}/model/${encodeURIComponent(MODEL)}`;
    upstream.on(`${path}/converse`, (call, res) => behaviour(call, res, false)).on(`${path}/converse-stream`, (call, res) => behaviour(call, res, true));
  }
  const model_list = [
    ...Object.keys(ROUTES).map((group) => ({
      model_name: `bedrock-${group}`,
      litellm_params: { model: `bedrock/${MODEL}`, aws_access_key_id: ACCESS_KEY, aws_secret_access_key: SECRET_KEY, aws_region_name: REGION, aws_bedrock_runtime_endpoint: `${upstream.url}/${group}` },
      model_info: { id: `bedrock-${group}-1`, input_cost_per_token: 0.000003, output_cost_per_token: 0.000015 },
    })),
    { model_name: 'bedrock-pass', litellm_params: { model: `bedrock/${MODEL}`, aws_access_key_id: ACCESS_KEY, aws_secret_access_key: SECRET_KEY, aws_region_name: REGION, api_base: `${upstream.url}/text`, use_in_pass_through: true } },
  ];
  const destination = new Writable({ write: (line: Buffer, _enc, done) => done(void logLines.push(line.toString())) });
  const logger = createLogger('gateway', { level: 'debug', destination });
  ({ gateway, origin, client } = await startTestGateway(model_list, { masterKey: MASTER, onSettled: (r) => void settled.push(r), logger }));
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

async function expectSignedFor(call: RecordedCall | undefined, body: string): Promise<void> {
  const headers = call?.headers as Record<string, string>;
  expect(headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/\\d{8}/${REGION}/bedrock/aws4_request`));
  const amz = headers['x-amz-date'] as string;
  const signingDate = new Date(`${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`);
  const signedNames = /SignedHeaders=([^,]+)/.exec(headers.authorization ?? '')?.[1]?.split(';') ?? [];
  const [path, query] = (call?.path ?? '').split('?');
  const signer = new SignatureV4({ service: 'bedrock', region: REGION, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY }, sha256: Sha256 });
  const resigned = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: path as string, query: Object.fromEntries(new URLSearchParams(query ?? '')), headers: Object.fromEntries(signedNames.map((n) => [n, headers[n] as string])), body }, { signingDate });
  expect(headers.authorization).toBe(resigned.headers.authorization);
}

describe('the openai SDK against a Bedrock deployment (recorded Converse responses)', () => {
  it('gets a chat completion from amazon-bedrock-text.json, with a cost header; the upstream got a signed Converse request', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'bedrock-text', messages: [{ role: 'system', content: 'Count carefully.' }, ...ask], max_tokens: 200 }).withResponse();
    expect(data.choices[0]?.message.content).toContain('There are **3** "r"s in "strawberry."');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 22, completion_tokens: 57, total_tokens: 79 });
    expect(response.headers.get('x-switchboard-deployment')).toBe('bedrock-text-1');
    expect(Number(response.headers.get('x-switchboard-response-cost'))).toBeCloseTo(22 * 0.000003 + 57 * 0.000015, 12);
    const [call] = upstream.calls;
    expect(call?.path).toBe(`/text/model/${encodeURIComponent(MODEL)}/converse`);
    expect(call?.body).toEqual({ system: [{ text: 'Count carefully.' }], messages: [{ role: 'user', content: [{ text: ask[0]?.content }] }], inferenceConfig: { maxTokens: 200 } });
    await expectSignedFor(call, JSON.stringify(call?.body));
  });

  it('gets two parallel tool calls from issue-17267-parallel-tool-calls.json', async () => {
    const result = await client.chat.completions.create({ model: 'bedrock-tools', messages: ask, tools: [{ type: 'function', function: { name: 'get_resistor_value', parameters: { type: 'object' } } }] });
    expect(result.choices[0]?.finish_reason).toBe('tool_calls');
    expect(result.choices[0]?.message.tool_calls?.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : []))).toEqual([
      ['get_resistor_value', { ref: 'R1' }],
      ['get_capacitor_value', { ref: 'C1' }],
    ]);
  });

  it('streams bedrock-text.chunks.txt frame by frame, with usage when asked, and bills it', async () => {
    let text = '';
    let usage;
    let finish;
    for await (const chunk of await client.chat.completions.create({ model: 'bedrock-text', messages: ask, stream: true, stream_options: { include_usage: true } })) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason ?? undefined;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 22, completion_tokens: 55, total_tokens: 77 });
    expect(settled[0]?.usage).toEqual({ promptTokens: 22, completionTokens: 55, totalTokens: 77 });
    expect(settled[0]?.costNanoUsd).toBe(Math.round((22 * 0.000003 + 55 * 0.000015) * 1e9));
  });

  it('accumulates a streamed tool call (bedrock-json-other-tool.1.chunks.txt) with the SDK\'s stream helper', async () => {
    const final = await client.chat.completions.stream({ model: 'bedrock-tools', messages: ask, tools: [{ type: 'function', function: { name: 'get-weather', parameters: { type: 'object' } } }] }).finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.id).toBe('toolu_01PQjhxo3eirCdKNvCJrKc8f');
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}')).toEqual({ location: 'San Francisco' });
  });
});

describe('Bedrock errors through the gateway', () => {
  it('maps the recorded ValidationException to a 400', async () => {
    const error = await client.chat.completions.create({ model: 'bedrock-invalid', messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'ValidationException', message: expect.stringContaining('messages.1 is empty') });
  });

  it('maps throttling to 429, a rejected credential to 502, a 5xx to 502, with no credential in any message or log line', async () => {
    await expect(client.chat.completions.create({ model: 'bedrock-throttled', messages: ask })).rejects.toMatchObject({ status: 429, code: 'ThrottlingException' });
    const denied = (await client.chat.completions.create({ model: 'bedrock-denied', messages: ask }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(denied).toMatchObject({ status: 502, code: 'upstream_authentication_error' });
    await expect(client.chat.completions.create({ model: 'bedrock-broken', messages: ask })).rejects.toMatchObject({ status: 502 });
    for (const secret of [ACCESS_KEY, SECRET_KEY]) {
      expect(denied.message).not.toContain(secret);
      expect(logLines.join('\n')).not.toContain(secret);
    }
  });

  it('ends a stream whose upstream sends an exception frame with an error event and a clean close', async () => {
    let text = '';
    const error = await (async () => {
      for await (const chunk of await client.chat.completions.create({ model: 'bedrock-midstream', messages: ask, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text).toBe('Let me count the "');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toContain('The model stream failed');
    expect(settled[0]).toMatchObject({ errorType: 'upstream_error' });
  });

  it('ends a stream cut in the middle of a frame cleanly, billing what was streamed', async () => {
    let text = '';
    const error = await (async () => {
      for await (const chunk of await client.chat.completions.create({ model: 'bedrock-cut', messages: ask, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text).toBe('Let me count the "r"s in "');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(settled[0]?.costNanoUsd).toBeGreaterThan(0);
  });
});

describe('/bedrock passthrough', () => {
  it('re-signs the whole request with the deployment\'s AWS keys; client credentials never go upstream', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });
    const res = await fetch(`${origin}/bedrock/model/${encodeURIComponent(MODEL)}/converse`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'x-api-key': 'sk-client-own', cookie: 'a=b', 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stopReason: string }).stopReason).toBe('end_turn');
    const [call] = upstream.calls;
    expect(call?.path).toBe(`/text/model/${encodeURIComponent(MODEL)}/converse`);
    expect(call?.body).toEqual(JSON.parse(body));
    for (const header of ['x-api-key', 'cookie']) expect(call?.headers[header]).toBeUndefined();
    await expectSignedFor(call, body);
    expect(settled[0]).toMatchObject({ route: '/bedrock', provider: 'bedrock', status: 200, principal: { kind: 'master' } });
  });

  it('relays the binary event stream untouched', async () => {
    const res = await fetch(`${origin}/bedrock/model/${encodeURIComponent(MODEL)}/converse-stream`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: '{"messages":[]}' });
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.concat(recordedFrames('bedrock-text.chunks.txt')));
  });

  it('refuses a wrong gateway key before any upstream call', async () => {
    const res = await fetch(`${origin}/bedrock/model/x/converse`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(upstream.calls).toHaveLength(0);
  });
});
