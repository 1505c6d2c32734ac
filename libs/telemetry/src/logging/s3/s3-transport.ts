import { randomUUID } from 'node:crypto';
import type * as S3 from '@aws-sdk/client-s3';

import type { S3SinkSettings } from '../../settings/telemetry-settings.ts';
import type { SinkTransport } from '../batch-dispatcher.ts';
import type { LoggedCall } from '../logged-call.ts';
import { SinkDeliveryError } from '../sink-delivery-error.ts';
import { toStandardLoggingPayload } from '../to-standard-logging-payload.ts';
import { s3ObjectKey } from './s3-object-key.ts';
import { loadOnUse } from '@switchboard/load-on-use';

// Loaded on first use (loadOnUse: bundled, evaluated only when called): most gateways never
// use the S3 logging callback, and evaluating it at start cost several MB of resident memory.
const loadS3 = (): typeof S3 => loadOnUse<typeof S3>(() => require('@aws-sdk/client-s3'), '@aws-sdk/client-s3');

function statusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/** Each batch as one JSONL object (a `StandardLoggingPayload` per line) put into the bucket. */
export function createS3Transport(settings: S3SinkSettings, options: { timeoutMs: number }): SinkTransport {
  const { PutObjectCommand, S3Client } = loadS3();
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // The dispatcher retries with its own backoff; the SDK's retries would hold the queue longer.
    maxAttempts: 1,
    requestHandler: { requestTimeout: options.timeoutMs, connectionTimeout: options.timeoutMs },
    // S3-compatible stores (MinIO, R2, ...) often reject the SDK's newer default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    async send(calls: readonly LoggedCall[]) {
      const body = `${calls.map((call) => JSON.stringify(toStandardLoggingPayload(call))).join('\n')}\n`;
      const command = new PutObjectCommand({ Bucket: settings.bucket, Key: s3ObjectKey(settings.prefix, new Date(), randomUUID()), Body: body, ContentType: 'application/x-ndjson' });
      try {
        await client.send(command);
      } catch (error) {
        const status = statusOf(error);
        if (status !== undefined) throw SinkDeliveryError.fromStatus(settings.name, status);
        throw new SinkDeliveryError(`${settings.name} unreachable: ${error instanceof Error ? error.message : String(error)}`, true);
      }
    },
    close: () => client.destroy(),
  };
}
