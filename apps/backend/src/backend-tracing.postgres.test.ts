import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, openDatabase, requirePostgres, type OpenedDatabase, type PostgresTestDatabase } from '@switchboard/db';
import { noInvalidationPublisher } from '@switchboard/management';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { decodeOtlpTraces, startRecordingServer, type ReceivedSpan, type RecordingServer } from '@switchboard/telemetry-testing';
import { createBackendApp } from './app.ts';
import { createBackendTracing, type BackendTracing } from './create-backend-tracing.ts';

const postgres = await requirePostgres();
const MASTER_KEY = 'sk-master-tracing-0123456789abcdef';
const CLIENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const SERVER = 2;
const CLIENT = 3;

describe.skipIf(!postgres.available)('backend tracing (PostgreSQL)', () => {
  const logger = createLogger('backend', { level: 'silent' });
  let receiver: RecordingServer;
  let testDatabase: PostgresTestDatabase;
  let database: OpenedDatabase;
  let telemetry: BackendTracing;
  let running: RunningService;

  /** Flushes until `done` holds for what the receiver got since request `before` (or 5 s passed). */
  async function exportedSpansUntil(before: number, done: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
    for (const started = Date.now(); ; ) {
      await telemetry.tracing.forceFlush();
      const spans = receiver.requests.slice(before).flatMap((request) => decodeOtlpTraces(request.body));
      if (done(spans) || Date.now() - started > 5_000) return spans;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    receiver = await startRecordingServer();
    testDatabase = await createPostgresTestDatabase();
    telemetry = createBackendTracing(
      { sections: { routerSettings: {}, litellmSettings: { callbacks: ['otel'] }, generalSettings: {} } },
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces` },
      logger,
      { scheduledDelayMillis: 20 },
    );
    const requests = telemetry.requests;
    if (!requests) throw new Error('tracing should be on');
    database = openDatabase({ DATABASE_URL: testDatabase.url, SWITCHBOARD_SALT_KEY: 'test-salt-key-0123456789' }, { logger, onQuery: requests.startQuery });
    const backend = createBackendApp(logger, {
      database,
      management: { db: database.db, reader: database.reader, cipher: database.cipher, masterKey: MASTER_KEY, configDeployments: [], storeModelInDb: true, publisher: noInvalidationPublisher, logger },
      requests,
    });
    running = await runService(backend, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
  });

  afterAll(async () => {
    await running?.shutdown('test');
    await database?.close();
    await telemetry?.tracing.shutdown();
    await testDatabase?.drop();
    await receiver?.close();
  });

  it("traces /key/generate as a server span in the client's trace with its queries as children, and no secret on any span", async () => {
    const before = receiver.requests.length;
    const response = await fetch(`http://127.0.0.1:${running.port}/key/generate?api_key=${MASTER_KEY}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json', traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` },
      body: JSON.stringify({ key_alias: 'traced-key', metadata: { note: 'literal value' } }),
    });
    const generated = (await response.json()) as { key: string; token: string };
    expect(response.status).toBe(200);
    expect(generated.key).toMatch(/^sk-/);
    // The server span ends when the response closes, which may be just after the client read the body.
    const spans = await exportedSpansUntil(before, (received) => received.some((span) => span.kind === SERVER));

    const servers = spans.filter((span) => span.kind === SERVER && span.traceId === CLIENT_TRACE_ID);
    expect(servers).toHaveLength(1);
    const server = servers[0]!;
    expect(server).toMatchObject({ name: 'POST /key/generate', parentSpanId: CLIENT_SPAN_ID, attributes: { 'http.request.method': 'POST', 'http.route': '/key/generate', 'http.response.status_code': 200 } });
    expect(server.resource['service.name']).toBe('switchboard-backend');

    const queries = spans.filter((span) => span.parentSpanId === server.spanId);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(query.kind).toBe(CLIENT);
      expect(query.traceId).toBe(CLIENT_TRACE_ID);
      expect(query.attributes['db.system']).toBe('postgresql');
      expect(query.attributes['db.operation']).toMatch(/^[A-Z]+$/);
    }
    expect(queries.map((query) => query.attributes['db.operation'])).toContain('INSERT');

    const exported = JSON.stringify(spans);
    for (const secret of [MASTER_KEY, generated.key, generated.token, 'literal value']) expect(exported).not.toContain(secret);
    expect(exported).not.toContain('api_key');
  });

  it('gives a query outside any request no span', async () => {
    const before = receiver.requests.length;
    await database.pool.query('select 1');
    await telemetry.tracing.forceFlush();
    expect(receiver.requests.slice(before).flatMap((request) => decodeOtlpTraces(request.body))).toEqual([]);
  });
});
