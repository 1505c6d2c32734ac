import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord, Principal } from '@switchboard/contracts';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

const MASTER = 'sk-master-custom';
const TARGET_KEY = 'co-target-secret-0123456789';
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
const settled: CallRecord[] = [];
let target: Server;
let gateway: RunningService;
let origin: string;

const KEYS: Record<string, Principal> = {
  'sk-plain': { kind: 'virtual_key', keyHash: 'a'.repeat(64) },
  'sk-llm-routes': { kind: 'virtual_key', keyHash: 'b'.repeat(64), allowedRoutes: ['llm_api_routes', '/*'] },
  'sk-rerank-route': { kind: 'virtual_key', keyHash: 'c'.repeat(64), allowedRoutes: ['/v1/my-rerank'] },
  'sk-bria-routes': { kind: 'virtual_key', keyHash: 'd'.repeat(64), allowedRoutes: ['/bria/*'] },
};

beforeAll(async () => {
  target = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, echoed: req.headers.authorization ?? null }));
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const config = buildGatewayConfig(
    {
      general_settings: {
        master_key: MASTER,
        pass_through_endpoints: [
          { path: '/v1/my-rerank', target: `${targetUrl}/v1/rerank?version=2`, headers: { Authorization: 'bearer os.environ/TARGET_KEY', 'x-tenant': 't1' }, cost_per_request: 0.25 },
          { path: '/bria', target: `${targetUrl}/api`, include_subpath: true, forward_headers: true },
          { path: '/webhook', target: `${targetUrl}/hook`, auth: false, forward_headers: true },
          { path: '/v1/chat/completions', target: `${targetUrl}/hijack` },
        ],
      },
    },
    { TARGET_KEY },
  );
  expect(config.warnings).toContainEqual(expect.stringContaining('/v1/chat/completions is already served by the gateway'));
  const { service } = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), onSettled: (r) => void settled.push(r), env: {}, verifyKey: async (token) => KEYS[token] });
  gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  origin = `http://127.0.0.1:${gateway.port}`;
});

afterAll(async () => {
  await gateway.shutdown('test over');
  target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  settled.length = 0;
});

const post = (path: string, key: string | undefined, headers: Record<string, string> = {}) =>
  fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers }, body: '{"query":"q","documents":["a"]}' });

const waitForRecord = async () => {
  for (let i = 0; i < 50 && settled.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return settled[0];
};

describe('custom pass_through_endpoints', () => {
  it('relays to the target with the configured headers, never the gateway key, and records a priced spend row', async () => {
    const res = await post('/v1/my-rerank?top_n=1', MASTER, { 'x-client-header': 'dropped', cookie: 'session=1' });
    expect(res.status).toBe(200);
    // The target echoed the configured credential: it is masked in what the client gets.
    const text = await res.text();
    expect(text).not.toContain(TARGET_KEY);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/rerank?version=2&top_n=1', body: '{"query":"q","documents":["a"]}' });
    expect(seen[0]?.headers.authorization).toBe(`bearer ${TARGET_KEY}`);
    expect(seen[0]?.headers['x-tenant']).toBe('t1');
    expect(seen[0]?.headers['x-client-header']).toBeUndefined();
    expect(seen[0]?.headers.cookie).toBeUndefined();
    expect(JSON.stringify(seen[0]?.headers)).not.toContain(MASTER);
    const record = await waitForRecord();
    expect(record).toMatchObject({ route: '/v1/my-rerank', provider: 'pass_through_endpoint', status: 200, costNanoUsd: 250_000_000, attempts: 1 });
  });

  it('with include_subpath and forward_headers: the rest of the path is appended and client headers go along, minus the gateway key', async () => {
    const res = await post('/bria/v1/text-to-image/base/2.3', 'sk-bria-routes', { 'x-client-header': 'kept', 'x-api-key': 'sk-bria-routes' });
    expect(res.status).toBe(200);
    expect(seen[0]?.url).toBe('/api/v1/text-to-image/base/2.3');
    expect(seen[0]?.headers['x-client-header']).toBe('kept');
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(seen[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('requires the gateway key unless the entry says auth: false', async () => {
    expect((await post('/v1/my-rerank', undefined)).status).toBe(401);
    expect((await post('/v1/my-rerank', 'sk-wrong')).status).toBe(401);
    expect(seen).toHaveLength(0);
    const open = await post('/webhook', undefined, { authorization: 'Bearer webhook-own-token' });
    expect(open.status).toBe(200);
    // Nothing was checked by the gateway, so the client's own credential is the target's to read.
    expect(seen[0]?.headers.authorization).toBe('Bearer webhook-own-token');
  });

  it('admits a virtual key only with an allowed_routes entry naming the path, like provider passthrough', async () => {
    for (const key of ['sk-plain', 'sk-llm-routes', 'sk-bria-routes']) {
      const res = await post('/v1/my-rerank', key);
      expect(res.status, key).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('route_not_allowed');
    }
    expect(seen).toHaveLength(0);
    expect((await post('/v1/my-rerank', 'sk-rerank-route')).status).toBe(200);
    expect((await post('/bria', 'sk-rerank-route')).status).toBe(403);
  });

  it('leaves a built-in path to the built-in route', async () => {
    const res = await fetch(`${origin}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: '{"model":"none","messages":[{"role":"user","content":"hi"}]}' });
    expect(res.status).toBe(400);
    expect(seen).toHaveLength(0);
  });

  it('serves only the configured paths: include_subpath off means the exact path alone', async () => {
    expect((await post('/v1/my-rerank/extra', MASTER)).status).toBe(404);
    expect((await post('/webhook/extra', undefined)).status).toBe(404);
    expect(seen).toHaveLength(0);
  });
});
