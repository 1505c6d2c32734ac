import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOtlpTraces } from '../testing/decode-otlp-traces.ts';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server.ts';
import { createTracing } from './create-tracing.ts';
import { traceHttpRequests, type RequestListener } from './trace-http-requests.ts';

const CLIENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';

async function listen(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('traceHttpRequests', () => {
  let receiver: RecordingServer;
  beforeAll(async () => {
    receiver = await startRecordingServer();
  });
  afterAll(() => receiver.close());

  it("makes a server span per request in the client's trace, with query spans as its children after the body was read", async () => {
    const before = receiver.requests.length;
    const tracing = createTracing(
      { tracesEndpoint: `${receiver.url}/v1/traces`, headers: {}, serviceName: 'switchboard-backend', resourceAttributes: {}, sampler: { kind: 'parentbased_always_on', ratio: 1 }, captureMessageContent: false, forwardTraceparent: true, exportBatchSize: 64 },
      { scheduledDelayMillis: 20 },
    );
    const requests = traceHttpRequests(tracing, { routeOf: (req) => (req.url?.startsWith('/team/') ? '/team/:team_id' : undefined) });
    const outside = requests.startQuery('select 1');
    const { url, server } = await listen(
      requests.traceListener((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', async () => {
          // Continuations of the request (stream events, promises) still find its span.
          await Promise.resolve();
          const done = requests.startQuery('select * from "team" where "id" = $1');
          done?.();
          requests.startQuery("insert into t values ('x')")?.({ code: '23505', message: 'duplicate key value (x)=(sk-secret)' });
          res.statusCode = req.url?.startsWith('/team/') ? 404 : 201;
          res.end('{}');
        });
      }),
    );
    try {
      expect(outside).toBeUndefined();
      const created = await fetch(`${url}/key/generate?api_key=sk-query-secret`, { method: 'POST', body: '{"key":"sk-body-secret"}', headers: { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` } });
      expect(created.status).toBe(201);
      expect((await fetch(`${url}/team/team-42`)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await tracing.shutdown();
    const spans = receiver.requests.slice(before).flatMap((request) => decodeOtlpTraces(request.body));

    const keyServer = spans.find((span) => span.name === 'POST /key/generate');
    expect(keyServer).toMatchObject({ kind: 2, traceId: CLIENT_TRACE_ID, parentSpanId: CLIENT_SPAN_ID, attributes: { 'http.request.method': 'POST', 'http.route': '/key/generate', 'http.response.status_code': 201 } });
    const queries = spans.filter((span) => span.parentSpanId === keyServer?.spanId);
    expect(queries.map((span) => [span.name, span.kind])).toEqual([
      ['SELECT', 3],
      ['INSERT', 3],
    ]);
    expect(queries[0]?.attributes).toEqual({ 'db.system': 'postgresql', 'db.operation': 'SELECT', 'db.statement': 'select * from "team" where "id" = $1' });
    expect(queries[1]?.attributes).toEqual({ 'db.system': 'postgresql', 'db.operation': 'INSERT', 'error.type': '23505' });
    expect(queries[1]?.status.code).toBe(2);

    const teamServer = spans.find((span) => span.name === 'GET /team/:team_id');
    expect(teamServer?.attributes['http.route']).toBe('/team/:team_id');
    expect(teamServer?.traceId).not.toBe(CLIENT_TRACE_ID);
    expect(JSON.stringify(spans)).not.toMatch(/sk-/);
  });
});
