import type { GenericApiSinkSettings } from '../../settings/telemetry-settings.ts';
import type { SinkTransport } from '../batch-dispatcher.ts';
import type { LoggedCall } from '../logged-call.ts';
import { postBatch } from '../post-batch.ts';
import { toStandardLoggingPayload } from '../to-standard-logging-payload.ts';

/** LiteLLM's generic logger: each batch POSTed to the endpoint as one JSON array (or NDJSON), with the configured headers. */
export function createGenericApiTransport(settings: GenericApiSinkSettings, options: { timeoutMs: number }): SinkTransport {
  const ndjson = settings.logFormat === 'ndjson';
  const headers = { ...settings.headers, 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' };
  return {
    async send(calls: readonly LoggedCall[]) {
      const payloads = calls.map(toStandardLoggingPayload);
      const body = ndjson ? `${payloads.map((payload) => JSON.stringify(payload)).join('\n')}\n` : JSON.stringify(payloads);
      await postBatch({ sink: settings.name, url: settings.endpoint, headers, body, timeoutMs: options.timeoutMs });
    },
  };
}
