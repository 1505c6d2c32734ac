import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';
import { anthropicFixture, sendJson } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const OPENAI_KEY = 'sk-openai-configured-123456';
const ANTHROPIC_FIRST_KEY = 'sk-ant-first-123456';
const ANTHROPIC_PASS_KEY = 'sk-ant-passthrough-123456';
const upstream = new FakeOpenAiUpstream();
const settled: CallRecord[] = [];
const running: RunningService[] = [];
let origin: string;

async function startGateway(modelList: Record<string, unknown>[]): Promise<string> {
  const config = buildGatewayConfig({ model_list: modelList, general_settings: { master_key: MASTER } }, {});
  // Two virtual keys: one limited to the translated endpoints, one allowed the OpenAI passthrough.
  const verifyKey = async (token: string) =>
    token === 'sk-virtual-plain-key' ? { kind: 'virtual_key' as const, keyHash: 'a'.repeat(64) } : token === 'sk-virtual-passthrough' ? { kind: 'virtual_key' as const, keyHash: 'b'.repeat(64), allowedRoutes: ['/openai/*'] } : undefined;
  const { service } = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), onSettled: (r) => void settled.push(r), env: {}, verifyKey });
  const gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  running.push(gateway);
  return `http://127.0.0.1:${gateway.port}`;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  await upstream.start();
  upstream
    .on('/v1/chat/completions', (call, res) => sendJson(res, chatCompletion(String(call.body.model), 'passed through')))
    .on('/v1/models', (_call, res) => {
      res.setHeader('x-request-id', 'req_openai_side');
      sendJson(res, { object: 'list', data: [{ id: 'gpt-4o', object: 'model' }] });
    })
    .on('/v1/stream', async (_call, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'set-cookie': 'affinity=upstream' });
      for (let i = 0; i < 5 && !res.destroyed; i++) {
        res.write(`data: {"n":${i}}\n\n`);
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      res.end();
    })
    .on('/v1/moved', (_call, res) => void res.writeHead(307, { location: '/v1/elsewhere' }).end())
    .on('/v1/elsewhere', (_call, res) => sendJson(res, { reached: true }))
    .on('/v1/messages', (_call, res) => sendJson(res, anthropicFixture('anthropic-text.json')));
  origin = await startGateway([
    { model_name: 'gpt-test', litellm_params: { model: 'openai/gpt-4o', api_key: OPENAI_KEY, api_base: `${upstream.url}/v1` }, model_info: { id: 'openai-1' } },
    { model_name: 'claude-a', litellm_params: { model: 'anthropic/claude-x', api_key: ANTHROPIC_FIRST_KEY, api_base: `${upstream.url}` } },
    { model_name: 'claude-b', litellm_params: { model: 'anthropic/claude-x', api_key: ANTHROPIC_PASS_KEY, api_base: `${upstream.url}`, use_in_pass_through: true }, model_info: { id: 'anthropic-pass' } },
  ]);
});

afterAll(async () => {
  await Promise.all(running.map((gateway) => gateway.shutdown('test over')));
  await upstream.stop();
});

beforeEach(() => {
  upstream.calls.length = 0;
  settled.length = 0;
});

const CLIENT_CREDENTIALS = { authorization: `Bearer ${MASTER}`, 'x-api-key': 'sk-client-own', 'api-key': 'sk-azure-own', 'x-goog-api-key': 'goog-own', cookie: 'session=abc' };

describe('/openai passthrough', () => {
  it('forwards with ONLY the configured credential, body and query untouched', async () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], logprobs: true };
    const res = await fetch(`${origin}/openai/v1/chat/completions?trace=1`, { method: 'POST', headers: { ...CLIENT_CREDENTIALS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('passed through');
    const [call] = upstream.calls;
    expect(call?.path).toBe('/v1/chat/completions?trace=1');
    expect(call?.body).toEqual(body);
    expect(call?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    for (const header of ['x-api-key', 'api-key', 'x-goog-api-key', 'cookie']) expect(call?.headers[header], header).toBeUndefined();
    expect(settled[0]).toMatchObject({ route: '/openai', provider: 'openai', deploymentId: 'openai-1', status: 200, stream: false, clientAborted: false, principal: { kind: 'master' } });
  });

  it('strips the client\'s hop-by-hop and forwarding headers, and those its Connection names, and still delivers a chunked body', async () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${origin}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${MASTER}`,
          'content-type': 'application/json',
          connection: 'keep-alive, x-hop-secret',
          'x-hop-secret': 'named-by-connection',
          'keep-alive': 'timeout=5',
          te: 'trailers',
          trailer: 'x-checksum',
          upgrade: 'h2c',
          'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
          'proxy-connection': 'keep-alive',
          forwarded: 'for=203.0.113.9;host=evil.example',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-for': '203.0.113.9',
          'x-forwarded-proto': 'http',
          'x-real-ip': '203.0.113.9',
          via: '1.1 client-proxy',
          'x-kept-header': 'kept',
        },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      // No Content-Length: Node sends the body chunked, in two pieces.
      req.write(body.slice(0, 20));
      req.end(body.slice(20));
    });
    expect(status).toBe(200);
    const [call] = upstream.calls;
    expect(call?.body).toEqual(JSON.parse(body));
    for (const header of ['x-hop-secret', 'keep-alive', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-connection', 'forwarded', 'x-forwarded-host', 'x-forwarded-for', 'x-forwarded-proto', 'x-real-ip', 'via']) {
      expect(call?.headers[header], header).toBeUndefined();
    }
    expect(String(call?.headers.connection ?? '')).not.toContain('x-hop-secret');
    expect(call?.headers['x-kept-header']).toBe('kept');
    expect(call?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it('serves the official openai SDK pointed at /openai/v1', async () => {
    const client = new OpenAI({ apiKey: MASTER, baseURL: `${origin}/openai/v1`, maxRetries: 0 });
    const { data, response } = await client.models.list().withResponse();
    expect(data.data.map((m) => m.id)).toEqual(['gpt-4o']);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // the gateway's own id
    expect(response.headers.get('x-upstream-request-id')).toBe('req_openai_side');
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it('streams the answer chunk by chunk, as it arrives, without upstream cookies', async () => {
    const started = performance.now();
    const res = await fetch(`${origin}/openai/v1/stream`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` }, body: '{}' });
    expect(res.headers.get('set-cookie')).toBeNull();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const arrivals: number[] = [];
    let text = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      arrivals.push(performance.now() - started);
      text += new TextDecoder().decode(read.value);
    }
    expect(text).toBe([0, 1, 2, 3, 4].map((n) => `data: {"n":${n}}\n\n`).join(''));
    expect(arrivals.length).toBeGreaterThanOrEqual(5);
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? 0));
    expect(gaps.filter((gap) => gap > 60).length).toBeGreaterThanOrEqual(4);
    expect(settled[0]).toMatchObject({ stream: true, status: 200 });
  });

  it('refuses a wrong or missing gateway key with 401 before any upstream call', async () => {
    const wrong = await fetch(`${origin}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-upstream-key-guess' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { type: 'authentication_error' } });
    expect((await fetch(`${origin}/openai/v1/models`)).status).toBe(401);
    expect(upstream.calls).toHaveLength(0);
  });

  it('lets a virtual key through only when its allowed_routes name the passthrough prefix', async () => {
    const plain = await fetch(`${origin}/openai/v1/models`, { headers: { authorization: 'Bearer sk-virtual-plain-key' } });
    expect(plain.status).toBe(403);
    expect((await plain.json()).error.code).toBe('route_not_allowed');
    expect(upstream.calls).toHaveLength(0);
    const allowed = await fetch(`${origin}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sk-virtual-passthrough' }, body: '{}' });
    expect(allowed.status).toBe(403);
  });

  it('passes a redirect back without following it', async () => {
    const res = await fetch(`${origin}/openai/v1/moved`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` }, body: '{}', redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(upstream.calls.map((c) => c.path)).toEqual(['/v1/moved']);
  });

  it('aborts the upstream when the client leaves mid-stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${origin}/openai/v1/stream`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` }, body: '{}', signal: controller.signal });
    await (res.body as ReadableStream<Uint8Array>).getReader().read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.calls[0]?.aborted).toBe(true);
    expect(settled[0]).toMatchObject({ clientAborted: true, status: 499 });
  });
});

describe('/anthropic passthrough', () => {
  it('serves the Anthropic SDK with the use_in_pass_through deployment\'s key', async () => {
    const client = new Anthropic({ apiKey: MASTER, baseURL: `${origin}/anthropic`, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message).toEqual(anthropicFixture('anthropic-text.json'));
    const [call] = upstream.calls;
    expect(call?.path).toBe('/v1/messages');
    expect(call?.headers['x-api-key']).toBe(ANTHROPIC_PASS_KEY);
    expect(call?.headers['anthropic-version']).toBe('2023-06-01');
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.body.model).toBe('claude-sonnet-4-5');
    expect(settled[0]).toMatchObject({ route: '/anthropic', provider: 'anthropic', deploymentId: 'anthropic-pass' });
  });

  it('answers a wrong key in Anthropic\'s error shape', async () => {
    const error = await new Anthropic({ apiKey: 'sk-wrong', baseURL: `${origin}/anthropic`, maxRetries: 0 }).messages.create({ model: 'x', max_tokens: 1, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('passthrough without a reachable or configured upstream', () => {
  it('answers 502 JSON when the upstream refuses the connection, and 503 when no credential exists', async () => {
    const port = await closedPort();
    const other = await startGateway([{ model_name: 'gpt-down', litellm_params: { model: 'openai/gpt-4o', api_key: OPENAI_KEY, api_base: `http://127.0.0.1:${port}/v1` } }]);
    const down = await fetch(`${other}/openai/v1/models`, { headers: { authorization: `Bearer ${MASTER}` } });
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({ error: { code: 'upstream_unreachable' } });
    expect(settled.at(-1)).toMatchObject({ route: '/openai', status: 502, errorType: 'upstream_unreachable' });
    const missing = await fetch(`${other}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': MASTER }, body: '{}' });
    expect(missing.status).toBe(503);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('ANTHROPIC_API_KEY') } });
    expect(settled.at(-1)).toMatchObject({ route: '/anthropic', status: 503, errorType: 'passthrough_not_configured', attempts: 0 });
  });
});
