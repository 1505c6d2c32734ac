import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { decodeOtlpTraces, startRecordingServer, type RecordingServer } from '@switchboard/telemetry-testing';
import { createGatewayCore, mountGatewayRoutes } from './app.ts';
import { createTelemetry, redactSecrets, type GatewayTelemetry } from './create-telemetry.ts';
import { chatCompletion, FakeOpenAiUpstream, sseChunks, writeSse } from './testing/fake-openai-upstream.ts';
import { sendJson } from './testing/anthropic-fixtures.ts';

const MASTER = 'sk-master-telemetry';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('tracing and logging callbacks, through the gateway', () => {
  const upstream = new FakeOpenAiUpstream();
  let collector: RecordingServer;
  let webhook: RecordingServer;
  let telemetry: GatewayTelemetry;
  let gateway: RunningService;
  let base: string;

  beforeAll(async () => {
    [collector, webhook] = await Promise.all([startRecordingServer(), startRecordingServer()]);
    await upstream.start();
    upstream.on('/v1/chat/completions', (call, res) => (call.body.stream ? writeSse(res, sseChunks(String(call.body.model), ['Hello', ' there'])) : sendJson(res, chatCompletion(String(call.body.model), 'plain answer'))));
    const config = buildGatewayConfig(
      {
        model_list: [{ model_name: 'gpt-traced', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream-traced-0123456789', api_base: `${upstream.url}/v1` }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }],
        litellm_settings: { callbacks: ['otel', 'generic_api', 'prometheus'] },
        general_settings: { master_key: MASTER },
      },
      {},
    );
    const logger = createLogger('test', { level: 'silent' });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'sb-test', GENERIC_LOGGER_ENDPOINT: `${webhook.url}/calls`, GENERIC_LOGGER_HEADERS: 'x-hook-token=hook-secret' };
    const core = createGatewayCore(config, logger);
    telemetry = createTelemetry(config, env, logger, core.metrics);
    mountGatewayRoutes(core, { onSettled: (record) => telemetry.logCall(record), tracing: telemetry.tracing, services: { testCallback: telemetry.testCallback } });
    const traced = core;
    gateway = await runService(traced.service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 1000 });
    base = `http://127.0.0.1:${gateway.port}`;
  });

  afterAll(async () => {
    await gateway?.shutdown('test');
    await upstream.stop();
    await Promise.all([collector?.close(), webhook?.close()]);
  });

  it('continues the client trace, sends traceparent upstream, exports GenAI spans and logs the call to the webhook', async () => {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ model: 'gpt-traced', stream: true, temperature: 0.2, messages: [{ role: 'user', content: 'trace me' }] }),
    });
    expect(res.status).toBe(200);
    await res.text();

    const sent = upstream.calls.at(-1)?.headers.traceparent;
    expect(sent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));

    await telemetry.shutdown();
    const spans = (await collector.waitForRequests(1)).flatMap((request) => decodeOtlpTraces(request.body));
    const server = spans.find((span) => span.kind === 2);
    const client = spans.find((span) => span.kind === 3);
    expect(server?.traceId).toBe(TRACE_ID);
    expect(client?.traceId).toBe(TRACE_ID);
    expect(client?.parentSpanId).toBe(server?.spanId);
    // The upstream was told the client span is its parent.
    expect(sent).toContain(client?.spanId);
    expect(client?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 2,
    });
    expect(server?.resource['service.name']).toBe('sb-test');

    const [delivery] = await webhook.waitForRequests(1);
    expect(delivery?.headers['x-hook-token']).toBe('hook-secret');
    const calls = JSON.parse(delivery!.body.toString('utf8')) as Record<string, unknown>[];
    expect(JSON.stringify(calls)).toContain('gpt-traced');
    expect(JSON.stringify(calls)).not.toContain(MASTER);
    expect(JSON.stringify(calls)).not.toContain('sk-upstream-traced');
  });

  it('sends a configured callback a test log from /health/services, and says when the callback does not take it', async () => {
    const before = webhook.requests.length;
    const answer = await fetch(`${base}/health/services?service=generic_api`, { headers: { authorization: `Bearer ${MASTER}` } });
    expect(await answer.json()).toEqual({ status: 'success', message: 'A test log was delivered to generic_api; check that it arrived.' });
    const deliveries = await webhook.waitForRequests(before + 1);
    expect(deliveries.at(-1)?.body.toString('utf8')).toContain('switchboard-health-services-test');
    expect((await fetch(`${base}/health/services?service=datadog`, { headers: { authorization: `Bearer ${MASTER}` } })).status).toBe(422);

    const config = buildGatewayConfig({ model_list: [], litellm_settings: { callbacks: ['generic_api'] }, general_settings: { master_key: MASTER } }, {});
    const unreachable = createTelemetry(config, { GENERIC_LOGGER_ENDPOINT: 'http://127.0.0.1:9/calls' }, createLogger('test', { level: 'silent' }), createGatewayCore(config, createLogger('test', { level: 'silent' })).metrics);
    expect(await unreachable.testCallback('generic_api')).toMatch(/./);
    expect(await unreachable.testCallback('langfuse')).toBe('not_configured');
    await unreachable.shutdown();
  });

  it('redacts credential shapes from any text it records', () => {
    expect(redactSecrets('key sk-abcdefghijklmnopqrstuv and AKIAABCDEFGHIJKLMNOP')).toBe('key [REDACTED] and [REDACTED]');
  });
});
