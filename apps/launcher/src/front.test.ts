import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createServiceApp, runService, type RunningService } from '@switchboard/service-kit';
import { withCustomGatewayRoutes } from '@switchboard/route-allowlist';
import { createFront, UI_CONTENT_SECURITY_POLICY } from './front.ts';

const logger = createLogger('test', { level: 'silent' });
let gateway: RunningService;
let backend: RunningService;
let front: Server;
let frontUrl: string;
let deadPort: number;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const CUSTOM_TABLE = withCustomGatewayRoutes([{ path: '/my-hook', includeSubpath: true }]);

beforeAll(async () => {
  const g = createServiceApp('gateway', logger, { routeTable: CUSTOM_TABLE });
  g.route('post', '/my-hook{/*rest}', (req, res) => {
    res.json({ served_by: 'gateway', url: req.url });
  });
  g.route('get', '/v1/models', (_req, res) => {
    res.json({ served_by: 'gateway' });
  });
  g.route('get', '/metrics', (_req, res) => {
    res.type('text/plain').send('switchboard_requests_total 1\n');
  });
  g.route('post', '/v1/chat/completions', async (_req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    res.flushHeaders();
    for (let i = 0; i < 3; i++) {
      res.write(`data: {"i":${i}}\n\n`);
      await new Promise((r) => setTimeout(r, 150));
    }
    res.end('data: [DONE]\n\n');
  });
  const b = createServiceApp('backend', logger);
  b.route('get', '/v2/key/info', (_req, res) => {
    res.json({ served_by: 'backend' });
  });
  gateway = await runService(g, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
  backend = await runService(b, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });

  const staticDir = mkdtempSync(join(tmpdir(), 'sb-ui-'));
  mkdirSync(join(staticDir, '_next/static/chunks'), { recursive: true });
  mkdirSync(join(staticDir, 'keys'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<html>status</html>');
  writeFileSync(join(staticDir, 'index.txt'), 'rsc payload');
  writeFileSync(join(staticDir, '404.html'), '<html>not found</html>');
  writeFileSync(join(staticDir, 'keys/index.html'), '<html>keys</html>');
  writeFileSync(join(staticDir, '_next/static/chunks/app-1234.js'), 'console.log(1)');

  const unused = createServer();
  deadPort = await listen(unused);
  unused.close();

  const { app } = createFront({
    gatewayUrl: `http://127.0.0.1:${gateway.port}`,
    backendUrl: `http://127.0.0.1:${backend.port}`,
    ui: { staticDir },
    logger,
    routeTable: CUSTOM_TABLE,
  });
  front = createServer(app);
  frontUrl = `http://127.0.0.1:${await listen(front)}`;
});

afterAll(async () => {
  front.closeAllConnections();
  front.close();
  await Promise.all([gateway.shutdown('test'), backend.shutdown('test')]);
});

describe('the npm start front', () => {
  it('redirects / to /ui/', async () => {
    const res = await fetch(`${frontUrl}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/ui/');
  });

  it('answers /metrics (cluster-only) with a 404 and never asks the gateway, which serves it on its own port', async () => {
    expect((await fetch(`http://127.0.0.1:${gateway.port}/metrics`)).status).toBe(200);
    for (const path of ['/metrics', '/metrics/', '/metrics/x', '/%6Detrics']) {
      const res = await fetch(`${frontUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('switchboard_requests_total');
    }
  });

  it('routes by the table: data plane to the gateway, management to the backend', async () => {
    expect(await (await fetch(`${frontUrl}/v1/models`)).json()).toEqual({ served_by: 'gateway' });
    expect(await (await fetch(`${frontUrl}/v2/key/info`)).json()).toEqual({ served_by: 'backend' });
  });

  it("sends the config's custom pass-through routes to the gateway (a path of the table, once the config adds it)", async () => {
    for (const path of ['/my-hook', '/my-hook/v1/x']) expect(await (await fetch(`${frontUrl}${path}`, { method: 'POST' })).json(), path).toEqual({ served_by: 'gateway', url: path });
    expect((await fetch(`${frontUrl}/my-hooks`, { method: 'POST' })).status).toBe(404);
  });

  it('sends paths nobody owns to the backend, which answers a JSON 404', async () => {
    const res = await fetch(`${frontUrl}/no/such/path`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('route_not_found');
  });

  it('refuses spellings without a canonical form', async () => {
    const res = await fetch(`${frontUrl}/v2/key%2Finfo`);
    expect(res.status).toBe(400);
  });

  it('serves the export with no-cache HTML and immutable hashed assets', async () => {
    const html = await fetch(`${frontUrl}/ui/`);
    expect(await html.text()).toBe('<html>status</html>');
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const page = await fetch(`${frontUrl}/ui/keys/`);
    expect(await page.text()).toBe('<html>keys</html>');
    const asset = await fetch(`${frontUrl}/ui/_next/static/chunks/app-1234.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing RSC payload with a plain 404, never the HTML fallback', async () => {
    expect(await (await fetch(`${frontUrl}/ui/index.txt`)).text()).toBe('rsc payload');
    const missing = await fetch(`${frontUrl}/ui/keys/index.txt`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<html');
    const missingPage = await fetch(`${frontUrl}/ui/nope/`);
    expect(missingPage.status).toBe(404);
  });

  it('sends the dashboard security headers on every /ui response, and none on API responses', async () => {
    for (const path of ['/ui/', '/ui/keys/', '/ui/_next/static/chunks/app-1234.js', '/ui/nope/', '/ui/keys/index.txt']) {
      const res = await fetch(`${frontUrl}${path}`);
      expect(res.headers.get('content-security-policy'), path).toBe(UI_CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    expect(UI_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(UI_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    const api = await fetch(`${frontUrl}/v1/models`);
    expect(api.headers.get('content-security-policy')).toBeNull();
  });

  it('uses the same Content-Security-Policy as the UI image nginx (docker/ui/nginx.conf.template)', () => {
    const template = readFileSync(join(import.meta.dirname, '../../../docker/ui/nginx.conf.template'), 'utf8');
    const policies = [...template.matchAll(/add_header Content-Security-Policy "([^"]+)" always;/g)].map((match) => match[1]);
    expect(policies.length).toBeGreaterThan(0);
    expect(new Set(policies)).toEqual(new Set([UI_CONTENT_SECURITY_POLICY]));
  });

  it('relays a stream chunk by chunk', async () => {
    const res = await fetch(`${frontUrl}/v1/chat/completions`, { method: 'POST', body: '{}' });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const arrivals: number[] = [];
    const start = Date.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      arrivals.push(Date.now() - start);
    }
    expect(arrivals.length).toBeGreaterThanOrEqual(3);
    // The first chunk arrives long before the last: nothing buffered the whole response.
    expect((arrivals.at(-1) as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(250);
  });

  it('answers 502 in OpenAI shape when a service is not listening', async () => {
    const { app } = createFront({
      gatewayUrl: `http://127.0.0.1:${deadPort}`,
      backendUrl: `http://127.0.0.1:${backend.port}`,
      ui: { staticDir: tmpdir() },
      logger,
    });
    const server = createServer(app);
    const port = await listen(server);
    const res = await fetch(`http://127.0.0.1:${port}/health/readiness`);
    expect(res.status).toBe(502);
    expect((await res.json()).error).toMatchObject({ code: 'upstream_unavailable', message: 'gateway is not reachable' });
    server.close();
  });
});
