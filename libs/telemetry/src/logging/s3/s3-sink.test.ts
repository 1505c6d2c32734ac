import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTelemetrySettings } from '../../settings/parse-telemetry-settings.ts';
import { startLocalS3, type LocalS3 } from '../../testing/start-s3rver.ts';
import { createCallLogger } from '../create-call-logger.ts';
import type { LoggedCall } from '../logged-call.ts';
import { CountingSinkMetrics } from '../sink-metrics.ts';

const call = (n: number, status = 200): LoggedCall => ({
  requestId: `req-${n}`, route: '/v1/chat/completions', startTime: Date.UTC(2025, 0, 2, 3, 4, 5), endTime: Date.UTC(2025, 0, 2, 3, 4, 6), modelGroup: 'gpt-4o', provider: 'openai', upstreamModel: 'gpt-4o',
  usage: { promptTokens: n, completionTokens: 1, totalTokens: n + 1 }, cost: '0.000010000', status, keyAlias: 'ci', teamId: 'team-a',
  messages: [{ role: 'user', content: `hello ${n}` }], responseText: 'hi',
});

describe('s3 sink against a local S3-compatible server', () => {
  let s3: LocalS3;
  let reader: S3Client;
  beforeAll(async () => {
    s3 = await startLocalS3(['llm-logs']);
    reader = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  });
  afterAll(async () => {
    reader?.destroy();
    await s3?.close();
  });

  it('writes each batch as a JSONL object under the prefix and day, path-style', async () => {
    const { settings } = parseTelemetrySettings({
      litellmSettings: {
        callbacks: ['s3'],
        turn_off_message_logging: true,
        s3_callback_params: { s3_bucket_name: 'llm-logs', s3_path: 'gateway', s3_region_name: 'us-east-1', s3_endpoint_url: s3.endpoint, s3_aws_access_key_id: 'S3RVER', s3_aws_secret_access_key: 'S3RVER', s3_batch_size: 2 },
      },
      env: {},
    });
    const metrics = new CountingSinkMetrics();
    const logger = createCallLogger(settings, { metrics });
    for (const n of [1, 2, 3]) logger.log(call(n));
    logger.log(call(4, 500));
    await logger.shutdown();
    expect(metrics.of('s3')).toMatchObject({ queued: 4, sent: 4, dropped: 0, failures: 0 });

    const listed = await reader.send(new ListObjectsV2Command({ Bucket: 'llm-logs', Prefix: 'gateway/' }));
    const keys = (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^gateway\/\d{4}-\d{2}-\d{2}\/\d{9}-[0-9a-f-]{36}\.jsonl$/);

    const lines: Record<string, unknown>[] = [];
    for (const key of keys) {
      const object = await reader.send(new GetObjectCommand({ Bucket: 'llm-logs', Key: key }));
      const text = (await object.Body?.transformToString()) ?? '';
      expect(text.endsWith('\n')).toBe(true);
      lines.push(...text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));
    }
    expect(lines.map((line) => line.id).sort()).toEqual(['req-1', 'req-2', 'req-3', 'req-4']);
    expect(lines.find((line) => line.id === 'req-4')).toMatchObject({ status: 'failure', model_group: 'gpt-4o', prompt_tokens: 4, hidden_params: { response_cost: '0.000010000' }, metadata: { user_api_key_alias: 'ci', user_api_key_team_id: 'team-a' } });
    // turn_off_message_logging: no prompt or answer reached the bucket.
    expect(lines.every((line) => line.messages === null && line.response === null)).toBe(true);
  });
});
