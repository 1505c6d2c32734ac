import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ownerOf, ROUTE_TABLE } from '@switchboard/route-allowlist';
import { isClusterOnly } from './front-routes.ts';
import { IMMUTABLE_CACHE, UI_HTML_ROOT } from './nginx-conf.ts';
import { describeWithTool, findExecutable } from './test-support/installed-tool.ts';

const run = promisify(execFile);
const workspaceRoot = resolve(import.meta.dirname, '../../..');
const TEMPLATE = join(workspaceRoot, 'docker/ui/nginx.conf.template');
const ENTRYPOINT = join(workspaceRoot, 'docker/ui/entrypoint.sh');
const UPLOAD_BYTES = 30 * 1024 * 1024;

interface FakeUpstream {
  name: 'gateway' | 'backend';
  server: Server;
  port: number;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  /** Remote ports of the connections nginx opened: fewer than requests means keep-alive works. */
  connections: Set<number>;
}

let releaseSecondChunk: () => void = () => undefined;

/** Stands in for the gateway or the backend: says who it is, echoes what it got, streams and counts uploads. */
async function startFake(name: FakeUpstream['name']): Promise<FakeUpstream> {
  const fake: FakeUpstream = { name, server: createServer(), port: 0, requests: [], connections: new Set() };
  fake.server.on('connection', (socket) => fake.connections.add(socket.remotePort ?? 0));
  fake.server.on('request', (req, res) => {
    fake.requests.push({ url: req.url ?? '', headers: req.headers });
    res.setHeader('x-served-by', name);
    if (req.url === '/v1/chat/completions') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      // The second chunk waits until the client has seen the first: a buffering proxy would never deliver it.
      new Promise<void>((release) => (releaseSecondChunk = release)).then(() => res.end('data: second\n\n'));
      return;
    }
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ served_by: name, url: req.url, bytes }));
    });
  });
  fake.server.on('upgrade', (req, socket) => {
    fake.requests.push({ url: req.url ?? '', headers: req.headers });
    socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  });
  await new Promise<void>((done) => fake.server.listen(0, '127.0.0.1', done));
  fake.port = (fake.server.address() as AddressInfo).port;
  return fake;
}

/**
 * Runs nginx to completion. Its stdout is /dev/null, not a pipe: node's pipes are socketpairs, and nginx
 * cannot open /dev/stdout (the access log) on a socket. In a container stdout is a FIFO, which it can.
 */
function runNginx(nginx: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(nginx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

/** Moves the image's absolute paths into `dir` (so parallel runs never share /tmp files) and the port off 3000. */
function relocate(template: string, dir: string, port: number): string {
  const swap = (text: string, pattern: RegExp, replacement: string) => {
    if (!pattern.test(text)) throw new Error(`the template no longer contains ${pattern}; update relocate()`);
    return text.replace(pattern, replacement);
  };
  let text = swap(template, /(?<=\s)\/tmp\//g, `${dir}/`);
  text = swap(text, new RegExp(`root ${UI_HTML_ROOT};`, 'g'), `root ${dir}/html;`);
  return swap(text, /listen 3000;/g, `listen 127.0.0.1:${port};`);
}

function writeExport(dir: string): void {
  const files: Record<string, string> = {
    'ui/index.html': '<html>status page</html>',
    'ui/index.txt': 'rsc payload of the status page',
    'ui/404.html': '<html>not found page</html>',
    'ui/keys/index.html': '<html>keys page</html>',
    'ui/_next/static/chunks/app-1234.js': 'console.log("chunk")',
    'ui/favicon.ico': 'icon',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'html', path)), { recursive: true });
    writeFileSync(join(dir, 'html', path), content);
  }
}

const nginxPath = findExecutable('nginx', ['/usr/sbin', '/usr/local/sbin']);

describeWithTool('the UI image nginx config, run by the real nginx', { path: nginxPath, name: 'nginx', install: 'apt-get install nginx' }, (nginx) => {
  let dir: string;
  let conf: string;
  let base: string;
  let gateway: FakeUpstream;
  let backend: FakeUpstream;
  let master: ChildProcess | undefined;
  let nginxStderr = '';
  const nginxArgs = () => ['-p', `${dir}/`, '-e', 'stderr', '-c', conf];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-nginx-'));
    // Run as root, nginx's workers drop to `nobody`, which must be able to read the export.
    chmodSync(dir, 0o755);
    writeExport(dir);
    [gateway, backend] = await Promise.all([startFake('gateway'), startFake('backend')]);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;

    // Render with the image's own entrypoint, exactly as the container does at start.
    const template = join(dir, 'nginx.conf.template');
    conf = join(dir, 'nginx.conf');
    writeFileSync(template, relocate(readFileSync(TEMPLATE, 'utf8'), dir, port));
    await run('sh', [ENTRYPOINT, 'true'], {
      env: { ...renderEnv(template, conf), GATEWAY_EXTRA_ROUTES: '/my-hook /bria/*' },
    });
  });

  const renderEnv = (template: string, out: string) => ({ ...process.env, NGINX_TEMPLATE: template, NGINX_CONF: out, GATEWAY_UPSTREAM: `127.0.0.1:${gateway.port}`, BACKEND_UPSTREAM: `127.0.0.1:${backend.port}` });

  afterAll(async () => {
    if (master && master.exitCode === null) {
      const exited = new Promise((done) => master?.once('exit', done));
      await runNginx(nginx, [...nginxArgs(), '-s', 'quit']);
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
      if (master.exitCode === null) master.kill('SIGKILL');
    }
    for (const fake of [gateway, backend]) {
      fake?.server.closeAllConnections();
      fake?.server.close();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the entrypoint rendered both upstreams and nothing else', () => {
    const rendered = readFileSync(conf, 'utf8');
    expect(rendered).toContain(`server 127.0.0.1:${gateway.port};`);
    expect(rendered).toContain(`server 127.0.0.1:${backend.port};`);
    expect(rendered).not.toMatch(/\$\{/);
  });

  it('passes nginx -t', async () => {
    const { code, stderr } = await runNginx(nginx, [...nginxArgs(), '-t']);
    expect(stderr).toMatch(/test is successful/);
    expect(code).toBe(0);
  });

  it('starts, and /healthz answers 200', async () => {
    master = spawn(nginx, [...nginxArgs(), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    master.stderr?.on('data', (chunk: Buffer) => (nginxStderr += chunk.toString()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (master.exitCode !== null) throw new Error(`nginx exited (${master.exitCode}): ${nginxStderr}`);
      const status = await fetch(`${base}/healthz`).then((res) => res.status, () => 0);
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer /healthz: ${nginxStderr}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok\n');
  });

  it('sends every sample path of the route table where the table says', async () => {
    const samples = ROUTE_TABLE.flatMap((rule) => (rule.match === 'exact' ? [rule.path] : [rule.path, `${rule.path}/x/y`, `${rule.path}x`]));
    for (const path of [...samples, '/nowhere', '/routes', '/openapi.json']) {
      const res = await fetch(`${base}${path}`, { redirect: 'manual' });
      const servedBy = res.headers.get('x-served-by');
      const body = await res.text();
      if (isClusterOnly(path)) {
        expect([res.status, servedBy], path).toEqual([404, null]);
        continue;
      }
      const owner = ownerOf(path);
      if (owner === 'ui') {
        expect(servedBy, `${path} must be served by nginx itself`).toBeNull();
        continue;
      }
      expect(servedBy, path).toBe(owner ?? 'backend');
      expect(JSON.parse(body).url, path).toBe(path);
    }
  });

  it("sends the config's custom pass-through routes (GATEWAY_EXTRA_ROUTES) to the gateway: a path alone, or with its subpaths", async () => {
    const who = async (path: string) => (await fetch(`${base}${path}`)).headers.get('x-served-by');
    expect(await who('/my-hook')).toBe('gateway');
    expect(await who('/my-hook/x')).toBe('backend');
    expect(await who('/bria')).toBe('gateway');
    expect(await who('/bria/v1/x')).toBe('gateway');
    expect(await who('/briax')).toBe('backend');
  });

  it('refuses a custom route that is not a plain path, or that a built-in route serves, naming it', async () => {
    const template = join(dir, 'nginx.conf.template');
    for (const [routes, says] of [
      ['/a;b', "'/a;b' is not a path"],
      ['/hook/**', "'/hook/**' is not a path"],
      ['relative', "'relative' is not a path"],
      ['/key/generate', '/key/generate is under the built-in route /key'],
      ['/routes', '/routes is already a built-in route'],
      ['/v1/chat/mine/*', '/v1/chat/mine is under the built-in route /v1/chat'],
      ['/healthz', '/healthz is already a built-in route'],
    ] as const) {
      const out = join(dir, 'refused.conf');
      const failed = await run('sh', [ENTRYPOINT, 'true'], { env: { ...renderEnv(template, out), GATEWAY_EXTRA_ROUTES: routes } }).then(
        () => undefined,
        (error: { stderr: string }) => error.stderr,
      );
      expect(failed, routes).toContain(says);
    }
  });

  it('matches prefixes segment-wise: /v1/models/x reaches the gateway, /v1/modelsx the backend', async () => {
    const who = async (path: string) => (await fetch(`${base}${path}`)).headers.get('x-served-by');
    expect(await who('/v1/models')).toBe('gateway');
    expect(await who('/v1/models/x')).toBe('gateway');
    expect(await who('/v1/modelsx')).toBe('backend');
    expect(await who('/v2/key/info')).toBe('backend');
  });

  it('passes the raw path and query, the Host and the X-Forwarded-* headers, over kept-alive connections', async () => {
    gateway.connections.clear();
    const before = gateway.requests.length;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${base}/v1/models/a%3Ab?limit=${i}`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(res.headers.get('x-served-by')).toBe('gateway');
      await res.text();
    }
    const seen = gateway.requests.slice(before);
    expect(seen.map((r) => r.url)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `/v1/models/a%3Ab?limit=${i}`));
    const headers = seen[0]?.headers ?? {};
    // The browser's host with its port: the backend's CSRF check compares it with the Origin header.
    expect(headers.host).toBe(new URL(base).host);
    expect(headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe(new URL(base).host);
    expect(headers.connection ?? '').not.toMatch(/close/i);
    expect(gateway.connections.size).toBeLessThan(6);
  });

  it('redirects / to the dashboard and /ui to /ui/', async () => {
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/ui/']);
    const ui = await fetch(`${base}/ui`, { redirect: 'manual' });
    expect([ui.status, ui.headers.get('location')]).toEqual([301, '/ui/']);
  });

  it('serves the export from disk with the caching rules and the security headers', async () => {
    const page = await fetch(`${base}/ui/`);
    expect(await page.text()).toBe('<html>status page</html>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const keys = await fetch(`${base}/ui/keys/`);
    expect([keys.status, await keys.text()]).toEqual([200, '<html>keys page</html>']);

    const asset = await fetch(`${base}/ui/_next/static/chunks/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const payload = await fetch(`${base}/ui/index.txt`);
    expect([payload.status, await payload.text()]).toEqual([200, 'rsc payload of the status page']);
    expect(payload.headers.get('content-type')).toMatch(/^text\/plain/);

    const favicon = await fetch(`${base}/favicon.ico`);
    expect([favicon.status, await favicon.text()]).toEqual([200, 'icon']);
  });

  it('answers a missing page with the export 404 page, but a missing .txt or asset with a plain 404', async () => {
    const page = await fetch(`${base}/ui/missing/`);
    expect([page.status, await page.text()]).toEqual([404, '<html>not found page</html>']);
    for (const path of ['/ui/missing.txt', '/ui/keys/index.missing.txt', '/ui/_next/static/chunks/gone.js']) {
      const res = await fetch(`${base}${path}`);
      const body = await res.text();
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/plain/);
      expect(body, path).not.toMatch(/<html/i);
    }
  });

  it('answers /metrics with a 404 and never asks the gateway', async () => {
    const before = gateway.requests.length;
    for (const path of ['/metrics', '/metrics/', '/metrics/x']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    expect(gateway.requests.length).toBe(before);
  });

  it('streams SSE chunk by chunk', async () => {
    const res = await fetch(`${base}/v1/chat/completions`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.headers.get('x-served-by')).toBe('gateway');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await Promise.race([
      reader.read(),
      new Promise<never>((_, fail) => setTimeout(() => fail(new Error('the first SSE chunk was held back: nginx buffers the stream')), 5_000)),
    ]);
    expect(decoder.decode(first.value)).toBe('data: first\n\n');
    releaseSecondChunk();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(rest).toBe('data: second\n\n');
  });

  it('passes a 30 MB audio upload through', async () => {
    const res = await fetch(`${base}/v1/audio/transcriptions`, { method: 'POST', body: new Uint8Array(UPLOAD_BYTES), headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ served_by: 'gateway', bytes: UPLOAD_BYTES });
  });

  it('forwards WebSocket upgrades on /v1/realtime', async () => {
    const status = await new Promise<number>((done, fail) => {
      const req = request(`${base}/v1/realtime?model=x`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        done(res.statusCode ?? 0);
      });
      req.on('response', (res) => done(res.statusCode ?? 0));
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(101);
    expect(gateway.requests.at(-1)?.headers.upgrade).toBe('websocket');
  });

  it('answers a JSON 502 when an upstream is down', async () => {
    backend.server.closeAllConnections();
    await new Promise((done) => backend.server.close(done));
    const res = await fetch(`${base}/key/info`);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
  });
});
