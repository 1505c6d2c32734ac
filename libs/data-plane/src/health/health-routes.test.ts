import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { adapterFor } from '@switchboard/providers';
import { Router } from '@switchboard/router';
import { createLogger, createServiceApp } from '@switchboard/service-kit';
import type { Principal } from '@switchboard/contracts';
import { mountHealthRoutes } from './mount-health-routes.ts';

const MASTER = 'sk-master-test';
const SECRET = 'sk-openai-secret-in-error-0123456789';
let gateway: Server;
let origin: string;
let flaky: Server;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

const KEYS: Record<string, Principal> = {
  'sk-admin-key': { kind: 'virtual_key', keyHash: 'a'.repeat(64), userRole: 'proxy_admin' },
  'sk-user-key': { kind: 'virtual_key', keyHash: 'b'.repeat(64), userRole: 'internal_user' },
  'sk-viewer-key': { kind: 'virtual_key', keyHash: 'c'.repeat(64), userRole: 'proxy_admin_viewer' },
  'sk-admin-chat-only': { kind: 'virtual_key', keyHash: 'd'.repeat(64), userRole: 'proxy_admin', allowedRoutes: ['/v1/chat/completions'] },
};

beforeAll(async () => {
  // An OpenAI-compatible upstream that refuses every call and echoes the key it was sent.
  flaky = createServer((req, res) => {
    req.resume().on('end', () => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization}` } })));
  });
  const flakyUrl = await listen(flaky);
  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'fast', litellm_params: { model: 'mock/fast-model', api_base: 'https://user:pw@mock.example:8443/v1?key=abc' }, model_info: { id: 'fast-1' } },
        { model_name: 'embed', litellm_params: { model: 'mock/embed-model' }, model_info: { id: 'embed-1', mode: 'embedding' } },
        { model_name: 'slow', litellm_params: { model: 'mock/slow-model', mock_latency_ms: 5_000 }, model_info: { id: 'slow-1' } },
        { model_name: 'broken', litellm_params: { model: 'openai/gpt-4o', api_key: SECRET, api_base: `${flakyUrl}/v1` }, model_info: { id: 'broken-1' } },
        { model_name: 'painter', litellm_params: { model: 'mock/image-model' }, model_info: { id: 'image-1', mode: 'image_generation' } },
      ],
      router_settings: { num_retries: 0 },
    },
    {},
  );
  const router = new Router(config.router, config.deployments);
  const logger = createLogger('gateway', { level: 'silent' });
  const service = createServiceApp('gateway', logger);
  mountHealthRoutes(service, { router, adapterFor }, { masterKey: MASTER, verifyKey: async (token) => KEYS[token] }, { version: '9.9.9', timeoutMs: 300, concurrency: 2, callbacks: [{ name: 'prometheus', success: true, failure: true }, { name: 'langfuse', success: true, failure: false }, { name: 'alerts', success: false, failure: true }] });
  gateway = createServer(service.finalize());
  origin = await listen(gateway);
});

afterAll(async () => {
  for (const server of [gateway, flaky]) server.closeAllConnections();
  await Promise.all([gateway, flaky].map((server) => new Promise((resolve) => server.close(resolve))));
});

const get = (path: string, key?: string) => fetch(`${origin}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

describe('GET /health', () => {
  it("answers LiteLLM's shape: each deployment checked, bounded by the per-check timeout, no credential", async () => {
    const started = Date.now();
    const res = await get('/health', MASTER);
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as { healthy_endpoints: Record<string, unknown>[]; unhealthy_endpoints: Record<string, unknown>[]; healthy_count: number; unhealthy_count: number };
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(body.healthy_endpoints.map((e) => e.model_id)).toEqual(['fast-1', 'embed-1']);
    expect(body.unhealthy_endpoints.map((e) => e.model_id)).toEqual(['slow-1', 'broken-1']);
    expect(body).toMatchObject({ healthy_count: 2, unhealthy_count: 2 });
    expect(body.healthy_endpoints[0]).toMatchObject({ model: 'mock/fast-model', model_name: 'fast', api_base: 'https://mock.example:8443' });
    expect(String(body.unhealthy_endpoints[0]?.error)).toMatch(/timed out/);
    // The upstream echoed the key in its error: it is masked, and no entry carries api_key.
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('api_key');
    expect(text).not.toContain('user:pw');
    expect(text).not.toContain('key=abc');
  });

  it('narrows to one model group with ?model=, and refuses an unknown one with 400', async () => {
    const body = (await (await get('/health?model=embed', MASTER)).json()) as { healthy_count: number; unhealthy_count: number };
    expect(body).toMatchObject({ healthy_count: 1, unhealthy_count: 0 });
    expect((await get('/health?model=nope', MASTER)).status).toBe(400);
  });

  it('answers the master key and proxy_admin keys only', async () => {
    expect((await get('/health?model=fast', 'sk-admin-key')).status).toBe(200);
    expect((await get('/health?model=fast', 'sk-user-key')).status).toBe(403);
    expect((await get('/health?model=fast', 'sk-viewer-key')).status).toBe(403);
    expect((await get('/health?model=fast', 'sk-admin-chat-only')).status).toBe(403);
    expect((await get('/health?model=fast', 'sk-unknown')).status).toBe(401);
    expect((await get('/health?model=fast')).status).toBe(401);
  });
});

describe('GET /health/readiness/details', () => {
  it("answers LiteLLM's fields to any valid key, and nothing without one", async () => {
    const res = await get('/health/readiness/details', 'sk-user-key');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'healthy', db: 'Not connected', cache: null, litellm_version: '9.9.9', success_callbacks: ['prometheus', 'langfuse'] });
    expect((await get('/health/readiness/details')).status).toBe(401);
  });

  it('leaves the probes public', async () => {
    expect((await get('/health/liveliness')).status).toBe(200);
    expect((await get('/health/readiness')).status).toBe(200);
  });
});

describe('GET /active/callbacks', () => {
  it("lists the callbacks this gateway runs in LiteLLM's shape, by the outcomes each gets, to admins only", async () => {
    const res = await get('/active/callbacks', 'sk-admin-key');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      alerting: null,
      'litellm.callbacks': ['prometheus'],
      'litellm.input_callback': [],
      'litellm.failure_callback': ['alerts'],
      'litellm.success_callback': ['langfuse'],
      'litellm._async_success_callback': [],
      'litellm._async_failure_callback': [],
      'litellm._async_input_callback': [],
      all_litellm_callbacks: ['prometheus', 'langfuse', 'alerts'],
      num_callbacks: 3,
      num_alerting: 0,
      'litellm.request_timeout': 600,
    });
    expect((await get('/active/callbacks', MASTER)).status).toBe(200);
    for (const key of ['sk-user-key', 'sk-viewer-key', 'sk-admin-chat-only']) expect((await get('/active/callbacks', key)).status).toBe(403);
    expect((await get('/active/callbacks')).status).toBe(401);
  });
});
