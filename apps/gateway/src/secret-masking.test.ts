import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';
import { anthropicFixture, sendJson } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream, sseChunks } from './testing/fake-openai-upstream.ts';

// The README promises no upstream key in any response: an upstream (or a proxy in front of it) that echoes
// the key in a SUCCESSFUL body must not deliver it either.
const MASTER = 'sk-master-masking';
const OPENAI_KEY = 'sk-openai-echoed-0123456789';
const ANTHROPIC_KEY = 'sk-ant-echoed-0123456789';
const MASKED = (key: string) => '*'.repeat(key.length);
const upstream = new FakeOpenAiUpstream();
let gateway: RunningService;
let origin: string;

beforeAll(async () => {
  await upstream.start();
  upstream
    .on('/v1/chat/completions', async (call, res) => {
      const model = String(call.body.model);
      if (!call.body.stream) return sendJson(res, chatCompletion(model, `debug: your key is ${OPENAI_KEY}`));
      // The key arrives split across two upstream chunks.
      const [first = '', ...rest] = sseChunks(model, [`key=${OPENAI_KEY}`]).map((event) => `data: ${event}\n\n`);
      const withKey = rest.shift() ?? '';
      const cut = withKey.indexOf(OPENAI_KEY) + 7;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(first + withKey.slice(0, cut));
      await new Promise((resolve) => setTimeout(resolve, 30));
      res.end(withKey.slice(cut) + rest.join('') + 'data: [DONE]\n\n');
    })
    .on('/v1/echo', async (_call, res) => {
      // Passthrough bytes, split inside the key, with an exact Content-Length.
      const body = Buffer.from(JSON.stringify({ echoed_header: `Bearer ${OPENAI_KEY}`, n: 1 }));
      const cut = body.indexOf(OPENAI_KEY) + 5;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.write(body.subarray(0, cut));
      await new Promise((resolve) => setTimeout(resolve, 30));
      res.end(body.subarray(cut));
    })
    .on('/v1/echo-gzip', (_call, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ echoed: OPENAI_KEY })));
    })
    .on('/v1/echo-zstd', (_call, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'zstd' });
      res.end('opaque');
    })
    .on('/v1/messages', (_call, res) => {
      const message = anthropicFixture('anthropic-text.json');
      sendJson(res, { ...message, content: [{ type: 'text', text: `key ${ANTHROPIC_KEY}` }] });
    });
  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'gpt-test', litellm_params: { model: 'openai/gpt-4o', api_key: OPENAI_KEY, api_base: `${upstream.url}/v1` } },
        { model_name: 'claude-test', litellm_params: { model: 'anthropic/claude-x', api_key: ANTHROPIC_KEY, api_base: upstream.url } },
      ],
      general_settings: { master_key: MASTER },
    },
    {},
  );
  const app = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), env: {} });
  gateway = await runService(app.service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 200 });
  origin = `http://127.0.0.1:${gateway.port}`;
});

afterAll(async () => {
  await gateway?.shutdown('test over');
  await upstream.stop();
});

const post = (path: string, body: unknown) => fetch(`${origin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('provider keys in successful upstream bodies', () => {
  it('are masked in a JSON answer (the upstream text passes through otherwise unchanged)', async () => {
    const res = await post('/v1/chat/completions', { model: 'gpt-test', messages: [{ role: 'user', content: 'Hi' }] });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(OPENAI_KEY);
    expect(JSON.parse(text).choices[0].message.content).toBe(`debug: your key is ${MASKED(OPENAI_KEY)}`);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
  });

  it('are masked in an SSE stream, even when the key arrives split across upstream chunks', async () => {
    const res = await post('/v1/chat/completions', { model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    const text = await res.text();
    expect(text).not.toContain(OPENAI_KEY);
    expect(text).toContain(`key=${MASKED(OPENAI_KEY)}`);
    expect(text).toContain('data: [DONE]');
  });

  it('are masked in a translated /v1/messages answer from a native Anthropic deployment', async () => {
    const res = await post('/v1/messages', { model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(ANTHROPIC_KEY);
    expect(text).toContain(MASKED(ANTHROPIC_KEY));
  });

  it('are masked in passthrough bytes split inside the key, and the upstream Content-Length still holds', async () => {
    const res = await fetch(`${origin}/openai/v1/echo`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` }, body: '{}' });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ echoed_header: `Bearer ${MASKED(OPENAI_KEY)}`, n: 1 });
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(upstream.calls.at(-1)?.headers['accept-encoding']).toBe('identity');
  });

  it('are masked in a compressed passthrough answer (decoded first), and an encoding we cannot read is a 502', async () => {
    const gzip = await fetch(`${origin}/openai/v1/echo-gzip`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` }, body: '{}' });
    expect(gzip.headers.get('content-encoding')).toBeNull();
    expect(await gzip.json()).toEqual({ echoed: MASKED(OPENAI_KEY) });
    const zstd = await fetch(`${origin}/openai/v1/echo-zstd`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` }, body: '{}' });
    expect(zstd.status).toBe(502);
    expect(await zstd.text()).not.toContain('opaque');
  });
});
