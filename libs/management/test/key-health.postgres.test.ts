import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/** A logging destination that records what it is sent and answers with the status a test chose. */
interface Sink {
  url: string;
  status: number;
  received: { headers: Record<string, string | string[] | undefined>; body: string }[];
  server: Server;
}

async function startSink(): Promise<Sink> {
  const sink = { url: '', status: 200, received: [] as Sink['received'] } as Sink;
  sink.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      sink.received.push({ headers: req.headers, body });
      res.writeHead(sink.status).end('{}');
    });
  });
  await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}/logs`;
  return sink;
}

const genericApi = (url: string, secret = 'Bearer sink-secret-value') => ({
  metadata: { logging: [{ callback_name: 'generic_api', callback_type: 'success_and_failure', callback_vars: { generic_logger_endpoint: url, generic_logger_headers: { authorization: secret } } }] },
});

describe.skipIf(!postgres.available)("/key/health: the calling key's logging callbacks, checked with a test log (PostgreSQL)", () => {
  let h: Harness;
  let sink: Sink;
  const health = (key?: string) => h.call('POST', '/key/health', { ...(key === undefined ? {} : { key }), body: {} });

  beforeAll(async () => {
    sink = await startSink();
    h = await startHarness({ loggingDestinations: [new URL(sink.url).origin] });
  });
  afterAll(async () => {
    await h?.close();
    sink?.server.close();
  });

  it('is healthy with no logging callbacks for the master key and for a key without logging settings', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { key: 'healthy', logging_callbacks: null } });
    const plain = (await h.call('POST', '/key/generate', { body: {} })).body.key;
    expect(await health(plain)).toMatchObject({ status: 200, body: { key: 'healthy', logging_callbacks: null } });
    expect(sink.received).toHaveLength(0);
  });

  it("delivers one test log to the key's sink, with its headers, and reports it healthy", async () => {
    sink.received.length = 0;
    const key = (await h.call('POST', '/key/generate', { body: { key_alias: 'logged-key', ...genericApi(sink.url) } })).body.key;
    const answer = await health(key);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ key: 'healthy', logging_callbacks: { callbacks: ['generic_api'], status: 'healthy', details: expect.stringContaining('test log was delivered to generic_api') } });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]?.headers.authorization).toBe('Bearer sink-secret-value');
    const [payload] = JSON.parse(sink.received[0]?.body as string);
    expect(payload).toMatchObject({ model: 'switchboard-key-health-test', response_cost: 0 });
  });

  it('reports a sink that refuses the test log as unhealthy, naming the failure and never the secret', async () => {
    sink.status = 401;
    try {
      const key = (await h.call('POST', '/key/generate', { body: genericApi(sink.url) })).body.key;
      const answer = await health(key);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ key: 'unhealthy', logging_callbacks: { callbacks: ['generic_api'], status: 'unhealthy' } });
      expect(answer.body.logging_callbacks.details).toContain('401');
      expect(answer.text).not.toContain('sink-secret-value');
    } finally {
      sink.status = 200;
    }
  });

  it("reports settings the gateway would now leave out: a destination taken off the allow-list, secrets another salt key cannot open", async () => {
    // A key's owner (not an admin) sets logging to a destination on the allow-list.
    const owner = (await h.call('POST', '/user/new', { body: { user_id: 'health-owner', user_role: 'internal_user' } })).body.key;
    const created = await h.call('POST', '/key/generate', { key: owner, body: genericApi(sink.url) });
    expect(created.status).toBe(200);
    expect((await health(created.body.key)).body.key).toBe('healthy');

    // The same database behind a backend whose allow-list no longer has that destination.
    const narrowed = await startHarness({ sameDatabaseAs: h, loggingDestinations: [] });
    try {
      const answer = await narrowed.call('POST', '/key/health', { key: created.body.key, body: {} });
      expect(answer.body).toMatchObject({ key: 'unhealthy', logging_callbacks: { status: 'unhealthy' } });
      expect(answer.body.logging_callbacks.details).toContain('is not on the logging destination allow-list');
    } finally {
      await narrowed.close();
    }

    // And behind one with another salt key: the stored secrets no longer decrypt.
    const resalted = await startHarness({ sameDatabaseAs: h, saltKey: 'another-salt-key-9876543210' });
    try {
      const answer = await resalted.call('POST', '/key/health', { key: created.body.key, body: {} });
      expect(answer.body).toMatchObject({ key: 'unhealthy', logging_callbacks: { callbacks: ['generic_api'], status: 'unhealthy' } });
      expect(answer.body.logging_callbacks.details).toContain('cannot be decrypted');
    } finally {
      await resalted.close();
    }
  });

  it('is refused to a key limited to model routes, as every management route is', async () => {
    const limited = (await h.call('POST', '/key/generate', { body: { allowed_routes: ['llm_api_routes'] } })).body.key;
    expect((await health(limited)).status).toBe(403);
  });
});
