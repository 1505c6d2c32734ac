import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTelemetrySettings } from '../../settings/parse-telemetry-settings.ts';
import { startRecordingServer, type RecordingServer } from '../../testing/recording-server.ts';
import { createCallLogger } from '../create-call-logger.ts';
import type { LoggedCall } from '../logged-call.ts';
import { CountingSinkMetrics } from '../sink-metrics.ts';

const call = (n: number): LoggedCall => ({ requestId: `req-${n}`, route: '/v1/chat/completions', startTime: 1_000, endTime: 2_000, modelGroup: 'gpt-4o', cost: '0.000001000', status: 200 });

describe('generic_api sink against a webhook', () => {
  let webhook: RecordingServer;
  beforeAll(async () => {
    webhook = await startRecordingServer();
  });
  afterAll(() => webhook.close());

  it('loses nothing while the webhook is down until its bounded queue is full, then counts the drops', async () => {
    webhook.reply(() => ({ status: 503, body: 'down for maintenance' }));
    const { settings } = parseTelemetrySettings({
      litellmSettings: { callbacks: ['generic_api'] },
      callbackSettings: { generic_api: { batch_size: 2, flush_interval: 3600, max_queue_size: 5 } },
      env: { GENERIC_LOGGER_ENDPOINT: `${webhook.url}/ingest`, GENERIC_LOGGER_HEADERS: 'Authorization=Bearer hook-token' },
    });
    const metrics = new CountingSinkMetrics();
    const logger = createCallLogger(settings, { metrics, retry: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });

    for (let n = 1; n <= 4; n += 1) logger.log(call(n));
    await logger.flush();
    expect(metrics.of('generic_api')).toMatchObject({ queued: 4, sent: 0, dropped: 0 });
    expect(metrics.of('generic_api').failures).toBeGreaterThan(0);

    for (let n = 5; n <= 8; n += 1) logger.log(call(n));
    expect(metrics.of('generic_api')).toMatchObject({ queued: 5, sent: 0, dropped: 3, droppedBy: { queue_full: 3 } });

    webhook.reply(() => ({ status: 200, body: 'ok' }));
    const before = webhook.requests.length;
    await logger.flush();
    const delivered = webhook.requests.slice(before);
    expect(delivered.map((request) => (JSON.parse(request.body.toString()) as { id: string }[]).map((payload) => payload.id))).toEqual([['req-1', 'req-2'], ['req-3', 'req-4'], ['req-5']]);
    expect(delivered[0]).toMatchObject({ method: 'POST', path: '/ingest', headers: { authorization: 'Bearer hook-token', 'content-type': 'application/json' } });
    expect(metrics.of('generic_api')).toMatchObject({ queued: 5, sent: 5, dropped: 3 });
    await logger.shutdown();
  });

  it('treats a webhook nobody listens on as down, and counts what is still queued at shutdown', async () => {
    const closed = await startRecordingServer();
    await closed.close();
    const { settings } = parseTelemetrySettings({ litellmSettings: { callbacks: ['generic_api'] }, env: { GENERIC_LOGGER_ENDPOINT: `${closed.url}/gone` } });
    const metrics = new CountingSinkMetrics();
    const logger = createCallLogger(settings, { metrics, retry: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });
    logger.log(call(1));
    await logger.flush();
    expect(metrics.of('generic_api')).toMatchObject({ queued: 1, sent: 0, dropped: 0 });
    await logger.shutdown(500);
    expect(metrics.of('generic_api')).toMatchObject({ dropped: 1, droppedBy: { shutdown: 1 } });
  });

  it('sends NDJSON when the webhook asks for it', async () => {
    webhook.reply(() => ({ status: 200 }));
    const { settings } = parseTelemetrySettings({ callbackSettings: { splunk: { callback_type: 'generic_api', endpoint: `${webhook.url}/nd`, log_format: 'ndjson' } }, env: {} });
    const logger = createCallLogger(settings);
    logger.log(call(1));
    logger.log(call(2));
    await logger.shutdown();
    const request = webhook.requests.at(-1);
    expect(request?.headers['content-type']).toBe('application/x-ndjson');
    expect(request?.body.toString().trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(['req-1', 'req-2']);
  });
});
