import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createServiceApp, readServiceSettings, runService, type RunningService } from './index.ts';

const running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.shutdown('test over')));
});

const REQUEST_TIMEOUT_MS = 400;
const HEADERS_TIMEOUT_MS = 300;

/** A service with a body-reading route and a route that streams its answer for a long time. */
async function startService(): Promise<RunningService> {
  const serviceApp = createServiceApp('gateway', createLogger('gateway', { level: 'silent' }));
  serviceApp.route('post', '/v1/embeddings', (req, res) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => res.json({ size }));
  });
  serviceApp.route('post', '/v1/chat/completions', (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const timer = setInterval(() => {
        sent++;
        res.write(`data: ${sent}\n\n`);
        if (sent === 12) {
          clearInterval(timer);
          res.end('data: [DONE]\n\n');
        }
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
  });
  const service = await runService(serviceApp, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS });
  running.push(service);
  return service;
}

/** Writes `text` on a raw socket and collects what comes back until the server closes it. */
function rawExchange(port: number, text: string): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
    // A server that never cuts would hang the test: give up well after the timeouts.
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

describe('request timeouts', () => {
  it('cuts a client that sends its headers and half its body off with 408 once the request timeout passes', async () => {
    const { port } = await startService();
    const { answer, closedAfterMs } = await rawExchange(port, 'POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-anything\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"input":"half a body');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
  });

  it('cuts a client that never finishes its headers once the headers timeout passes', async () => {
    const { port } = await startService();
    const { answer, closedAfterMs } = await rawExchange(port, 'POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
  });

  it('answers a complete request normally', async () => {
    const { port } = await startService();
    const res = await fetch(`http://127.0.0.1:${port}/v1/embeddings`, { method: 'POST', body: 'x'.repeat(100) });
    expect(await res.json()).toEqual({ size: 100 });
  });

  it('never cuts a streamed answer that lasts longer than the request timeout (the timeout covers receiving the request only)', async () => {
    const { port } = await startService();
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body: '{}' });
    const text = await res.text();
    expect(Date.now() - started).toBeGreaterThan(REQUEST_TIMEOUT_MS * 2);
    expect(text.match(/^data: \d+$/gm)).toHaveLength(12);
    expect(text).toContain('data: [DONE]');
  });
});

describe('readServiceSettings timeouts', () => {
  it('defaults to 60 s for headers and 300 s for the whole request', () => {
    expect(readServiceSettings({}, 4000)).toMatchObject({ headersTimeoutMs: 60_000, requestTimeoutMs: 300_000 });
  });

  it('reads SWITCHBOARD_HEADERS_TIMEOUT_MS and SWITCHBOARD_REQUEST_TIMEOUT_MS', () => {
    expect(readServiceSettings({ SWITCHBOARD_HEADERS_TIMEOUT_MS: '5000', SWITCHBOARD_REQUEST_TIMEOUT_MS: '20000' }, 4000)).toMatchObject({ headersTimeoutMs: 5_000, requestTimeoutMs: 20_000 });
  });

  it('refuses a request timeout shorter than the headers timeout, zero (no timeout) and garbage, naming the variable', () => {
    expect(() => readServiceSettings({ SWITCHBOARD_HEADERS_TIMEOUT_MS: '30000', SWITCHBOARD_REQUEST_TIMEOUT_MS: '10000' }, 4000)).toThrow(/SWITCHBOARD_REQUEST_TIMEOUT_MS .* at least SWITCHBOARD_HEADERS_TIMEOUT_MS/);
    expect(() => readServiceSettings({ SWITCHBOARD_REQUEST_TIMEOUT_MS: '0' }, 4000)).toThrow(/SWITCHBOARD_REQUEST_TIMEOUT_MS must be between/);
    expect(() => readServiceSettings({ SWITCHBOARD_HEADERS_TIMEOUT_MS: '1m' }, 4000)).toThrow(/SWITCHBOARD_HEADERS_TIMEOUT_MS must be a whole number/);
  });
});
