import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTelemetrySettings } from '../../settings/parse-telemetry-settings.ts';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '../../testing/recording-server.ts';
import { createCallLogger } from '../create-call-logger.ts';
import type { LoggedCall } from '../logged-call.ts';

const BASIC = `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}`;

/** Answers as Langfuse's ingestion API documents: 401 without the project's basic auth, else 207 with one result per event. */
function langfuseAnswer(request: RecordedRequest) {
  if (request.path !== '/api/public/ingestion') return { status: 404, body: '{}' };
  if (request.headers.authorization !== BASIC) return { status: 401, body: '{"message":"Invalid credentials"}' };
  const { batch } = JSON.parse(request.body.toString()) as { batch: { id: string }[] };
  return { status: 207, body: JSON.stringify({ successes: batch.map((event) => ({ id: event.id, status: 201 })), errors: [] }) };
}

const streamedChat: LoggedCall = {
  requestId: '0190c0de-0000-7000-8000-000000000001',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  responseId: 'chatcmpl-42',
  route: '/v1/chat/completions',
  startTime: Date.parse('2025-05-01T10:00:00.000Z'),
  firstByteTime: Date.parse('2025-05-01T10:00:00.300Z'),
  endTime: Date.parse('2025-05-01T10:00:01.200Z'),
  requestedModel: 'gpt-4o',
  modelGroup: 'gpt-4o',
  deploymentId: 'dep-openai',
  provider: 'openai',
  upstreamModel: 'gpt-4o-2024-08-06',
  stream: true,
  usage: { promptTokens: 14, completionTokens: 3, totalTokens: 17, cachedPromptTokens: 8 },
  cost: '0.000123450',
  status: 200,
  keyHash: 'e3b0c442',
  keyAlias: 'ci-key',
  teamId: 'team-research',
  userId: 'user-7',
  modelParameters: { temperature: 0.3, max_tokens: 200 },
  metadata: { session_id: 'sess-1', tags: ['beta'] },
  messages: [{ role: 'user', content: 'my key is sk-live123, say hi' }],
  responseText: 'Hi there',
};

describe('langfuse sink against a fake Langfuse ingestion API', () => {
  let langfuse: RecordingServer;
  beforeAll(async () => {
    langfuse = await startRecordingServer();
    langfuse.reply(langfuseAnswer);
  });
  afterAll(() => langfuse.close());

  it('sends a trace and its generation with model, usage, cost, latency and key/team metadata', async () => {
    const { settings } = parseTelemetrySettings({ litellmSettings: { success_callback: ['langfuse'] }, env: { LANGFUSE_PUBLIC_KEY: 'pk-lf-test', LANGFUSE_SECRET_KEY: 'sk-lf-test', LANGFUSE_HOST: langfuse.url } });
    const registry = new Registry();
    const logger = createCallLogger(settings, { registry, redactText: (text) => text.replace(/sk-\w+/g, '[redacted]') });
    logger.log(streamedChat);
    logger.log({ ...streamedChat, requestId: 'failed-call', status: 429, errorType: 'rate_limit' });
    await logger.flush();

    expect(langfuse.requests).toHaveLength(1);
    const request = langfuse.requests[0] as RecordedRequest;
    expect(request).toMatchObject({ method: 'POST', path: '/api/public/ingestion', headers: { authorization: BASIC, 'content-type': 'application/json' } });
    const { batch } = JSON.parse(request.body.toString()) as { batch: { id: string; type: string; timestamp: string; body: Record<string, unknown> }[] };
    // success_callback only: the failed call is not sent.
    expect(batch.map((event) => event.type)).toEqual(['trace-create', 'generation-create']);
    expect(new Set(batch.map((event) => event.id)).size).toBe(2);
    const [trace, generation] = batch;
    expect(trace?.body).toMatchObject({
      id: streamedChat.requestId,
      name: '/v1/chat/completions',
      userId: 'user-7',
      sessionId: 'sess-1',
      tags: ['beta'],
      input: [{ role: 'user', content: 'my key is [redacted], say hi' }],
      output: 'Hi there',
      metadata: { user_api_key_alias: 'ci-key', user_api_key_team_id: 'team-research', user_api_key_hash: 'e3b0c442', model_group: 'gpt-4o', trace_id: streamedChat.traceId },
    });
    expect(generation?.body).toMatchObject({
      id: `${streamedChat.requestId}-generation`,
      traceId: streamedChat.requestId,
      model: 'gpt-4o-2024-08-06',
      startTime: '2025-05-01T10:00:00.000Z',
      completionStartTime: '2025-05-01T10:00:00.300Z',
      endTime: '2025-05-01T10:00:01.200Z',
      modelParameters: { temperature: 0.3, max_tokens: 200 },
      usageDetails: { input: 14, output: 3, total: 17, cache_read_input_tokens: 8 },
      costDetails: { total: 0.00012345 },
      level: 'DEFAULT',
      output: { role: 'assistant', content: 'Hi there' },
      metadata: { user_api_key_alias: 'ci-key', user_api_key_team_id: 'team-research' },
    });

    const metrics = await registry.metrics();
    expect(metrics).toContain('switchboard_logging_calls_queued_total{sink="langfuse"} 1');
    expect(metrics).toContain('switchboard_logging_calls_sent_total{sink="langfuse"} 1');
    await logger.shutdown();
  });

  it('drops a batch Langfuse refuses for bad credentials instead of retrying it forever', async () => {
    const { settings } = parseTelemetrySettings({ litellmSettings: { callbacks: ['langfuse'] }, env: { LANGFUSE_PUBLIC_KEY: 'pk-wrong', LANGFUSE_SECRET_KEY: 'sk-wrong', LANGFUSE_HOST: langfuse.url } });
    const registry = new Registry();
    const warnings: string[] = [];
    const logger = createCallLogger(settings, { registry, logger: { warn: (fields, message) => warnings.push(`${message} ${JSON.stringify(fields)}`) } });
    logger.log({ ...streamedChat, status: 500, errorType: 'upstream_error' });
    await logger.flush();
    const metrics = await registry.metrics();
    expect(metrics).toContain('switchboard_logging_calls_dropped_total{sink="langfuse",reason="rejected"} 1');
    expect(metrics).toContain('switchboard_logging_delivery_failures_total{sink="langfuse"} 1');
    expect(warnings).toEqual([expect.stringContaining('"status":401')]);
    expect(warnings.join()).not.toContain('sk-wrong');
    await logger.shutdown();
  });
});
