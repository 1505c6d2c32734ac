import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TracingSettings } from '../settings/telemetry-settings.ts';
import { decodeOtlpTraces, type ReceivedSpan } from '../testing/decode-otlp-traces.ts';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server.ts';
import { createTracing } from './create-tracing.ts';

const CLIENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const SERVER = 2;
const CLIENT = 3;

describe('createTracing with an OTLP/HTTP receiver', () => {
  let receiver: RecordingServer;
  beforeAll(async () => {
    receiver = await startRecordingServer();
  });
  afterAll(() => receiver.close());

  const settings = (overrides: Partial<TracingSettings> = {}): TracingSettings => ({
    tracesEndpoint: `${receiver.url}/v1/traces`,
    headers: { 'x-collector-key': 'k-1' },
    serviceName: 'switchboard-test',
    resourceAttributes: { 'deployment.environment': 'test' },
    sampler: { kind: 'parentbased_always_on', ratio: 1 },
    captureMessageContent: false,
    forwardTraceparent: true,
    exportBatchSize: 64,
    ...overrides,
  });

  async function exportedSpans(run: () => Promise<void>): Promise<ReceivedSpan[]> {
    const before = receiver.requests.length;
    await run();
    return receiver.requests.slice(before).flatMap((request) => decodeOtlpTraces(request.body));
  }

  it("exports a streamed chat's server and client spans with the GenAI attributes, in the client's trace", async () => {
    let upstreamTraceparent: string | undefined;
    const spans = await exportedSpans(async () => {
      const tracing = createTracing(settings({ captureMessageContent: true }), { redactText: (text) => text.replace(/sk-\w+/g, '[redacted]'), scheduledDelayMillis: 20 });
      const request = tracing.startRequest({ method: 'POST', route: '/v1/chat/completions', headers: { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01`, 'content-type': 'application/json' } });
      expect(request.traceId).toBe(CLIENT_TRACE_ID);
      request.setAttributes({ 'switchboard.cache.hit': false, 'switchboard.guardrail.outcome': 'passed', ignored: undefined });
      const body = { model: 'gpt-4o', stream: true, temperature: 0.3, max_tokens: 200, messages: [{ role: 'user', content: 'my key is sk-live123, say hi' }] };

      const first = request.startUpstream({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o', serverAddress: 'api.openai.com', serverPort: 443, modelGroup: 'gpt-4o', deploymentId: 'dep-openai', attempt: 1, requestBody: body });
      first.end({ status: 429, errorType: 'rate_limit' });
      request.recordRetry({ attempt: 2, errorType: 'rate_limit', deploymentId: 'dep-azure', delayMs: 0 });
      request.recordFallback({ fromModelGroup: 'gpt-4o', toModelGroup: 'gpt-4o-azure', errorType: 'rate_limit' });

      const second = request.startUpstream({ operation: 'chat', provider: 'azure', requestModel: 'gpt-4o', modelGroup: 'gpt-4o-azure', deploymentId: 'dep-azure', attempt: 2, requestBody: body });
      const outgoing: Record<string, string> = {};
      second.injectHeaders(outgoing);
      upstreamTraceparent = outgoing.traceparent;
      expect(second.traceparent()).toBe(upstreamTraceparent);
      second.firstChunk();
      second.end({ status: 200, responseModel: 'gpt-4o-2024-08-06', responseId: 'chatcmpl-42', finishReasons: ['stop'], usage: { inputTokens: 14, outputTokens: 3, cacheReadInputTokens: 8 }, outputText: 'Hi there' });
      request.end({ status: 200 });
      await tracing.shutdown();
    });

    expect(spans).toHaveLength(3);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([CLIENT_TRACE_ID]));
    const server = spans.find((span) => span.kind === SERVER);
    const clients = spans.filter((span) => span.kind === CLIENT);
    expect(server).toMatchObject({
      name: 'POST /v1/chat/completions',
      parentSpanId: CLIENT_SPAN_ID,
      attributes: { 'http.request.method': 'POST', 'http.route': '/v1/chat/completions', 'http.response.status_code': 200, 'switchboard.cache.hit': false, 'switchboard.guardrail.outcome': 'passed' },
      resource: { 'service.name': 'switchboard-test', 'deployment.environment': 'test' },
    });
    expect(server?.attributes).not.toHaveProperty('ignored');
    expect(server?.events).toEqual([
      { name: 'switchboard.router.retry', attributes: { 'switchboard.attempt': 2, 'error.type': 'rate_limit', 'switchboard.deployment.id': 'dep-azure', 'switchboard.retry.delay_ms': 0 } },
      { name: 'switchboard.router.fallback', attributes: { 'switchboard.fallback.from_model_group': 'gpt-4o', 'switchboard.fallback.to_model_group': 'gpt-4o-azure', 'error.type': 'rate_limit' } },
    ]);

    const [failed, answered] = [clients.find((span) => span.attributes['switchboard.attempt'] === 1), clients.find((span) => span.attributes['switchboard.attempt'] === 2)];
    expect(failed).toMatchObject({
      name: 'chat gpt-4o',
      parentSpanId: server?.spanId,
      status: { code: 2, message: 'rate_limit' },
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'server.address': 'api.openai.com', 'server.port': 443, 'error.type': 'rate_limit', 'http.response.status_code': 429 },
    });
    expect(answered).toMatchObject({
      name: 'chat gpt-4o',
      parentSpanId: server?.spanId,
      status: { code: 0 },
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'azure.ai.openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.request.temperature': 0.3,
        'gen_ai.request.max_tokens': 200,
        'gen_ai.request.stream': true,
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.response.id': 'chatcmpl-42',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 14,
        'gen_ai.usage.output_tokens': 3,
        'gen_ai.usage.cache_read.input_tokens': 8,
        'switchboard.model_group': 'gpt-4o-azure',
        'switchboard.deployment.id': 'dep-azure',
      },
    });
    expect(answered?.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    expect(JSON.parse(String(answered?.attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'my key is [redacted], say hi' }] }]);
    expect(JSON.parse(String(answered?.attributes['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hi there' }], finish_reason: 'stop' }]);
    // The upstream continues the trace from the answering attempt's client span.
    expect(upstreamTraceparent).toBe(`00-${CLIENT_TRACE_ID}-${answered?.spanId}-01`);

    const exportRequest = receiver.requests.at(-1);
    expect(exportRequest).toMatchObject({ method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'x-collector-key': 'k-1' } });
  });

  it('records no message content unless capture is on, and starts a new trace without a traceparent', async () => {
    const spans = await exportedSpans(async () => {
      const tracing = createTracing(settings(), { scheduledDelayMillis: 20 });
      const request = tracing.startRequest({ method: 'POST', route: '/v1/messages' });
      const upstream = request.startUpstream({ operation: 'chat', provider: 'anthropic', requestModel: 'claude-sonnet-4', requestBody: { system: 'secret system prompt', messages: [{ role: 'user', content: 'secret' }], max_tokens: 64 } });
      upstream.end({ outputText: 'secret answer', usage: { inputTokens: 3, outputTokens: 2 } });
      request.end({ status: 502, errorType: 'upstream_error' });
      await tracing.shutdown();
    });
    expect(spans).toHaveLength(2);
    const text = JSON.stringify(spans);
    expect(text).not.toContain('secret');
    expect(spans[0]?.traceId).not.toBe(CLIENT_TRACE_ID);
    expect(spans.find((span) => span.kind === SERVER)).toMatchObject({ status: { code: 2 }, attributes: { 'error.type': 'upstream_error', 'http.response.status_code': 502 } });
  });

  it('propagates an unsampled trace without exporting it, and can keep traceparent from the upstream', async () => {
    const spans = await exportedSpans(async () => {
      const dropped = createTracing(settings({ sampler: { kind: 'always_off', ratio: 1 } }), { scheduledDelayMillis: 20 });
      const request = dropped.startRequest({ method: 'POST', route: '/v1/chat/completions', headers: { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` } });
      expect(request.isRecording).toBe(false);
      const upstream = request.startUpstream({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' });
      expect(upstream.traceparent()).toMatch(new RegExp(`^00-${CLIENT_TRACE_ID}-[0-9a-f]{16}-00$`));
      upstream.end({});
      request.end({ status: 200 });
      await dropped.shutdown();

      const silent = createTracing(settings({ forwardTraceparent: false }), { scheduledDelayMillis: 20 });
      const other = silent.startRequest({ method: 'GET', route: '/v1/models' });
      const headers: Record<string, string> = {};
      const unforwarded = other.startUpstream({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' });
      unforwarded.injectHeaders(headers);
      other.injectHeaders(headers);
      unforwarded.end({});
      expect(headers).toEqual({});
      other.end({ status: 200 });
      await silent.shutdown();
    });
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /v1/models', 'chat gpt-4o']);
  });
});

describe('createTracing without settings', () => {
  it('hands out the same no-op objects for every request', async () => {
    const tracing = createTracing(undefined);
    const request = tracing.startRequest({ method: 'POST', route: '/v1/chat/completions', headers: { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` } });
    expect(tracing.enabled).toBe(false);
    expect(tracing.startRequest({ method: 'GET', route: '/x' })).toBe(request);
    expect(request.traceId).toBeUndefined();
    const upstream = request.startUpstream({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' });
    expect(request.startUpstream({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' })).toBe(upstream);
    const headers: Record<string, string> = {};
    upstream.injectHeaders(headers);
    expect(headers).toEqual({});
    expect(upstream.traceparent()).toBeUndefined();
    await expect(tracing.shutdown()).resolves.toBeUndefined();
  });
});
