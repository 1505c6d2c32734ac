import type { LangfuseSinkSettings } from '../../settings/telemetry-settings.ts';
import type { SinkTransport } from '../batch-dispatcher.ts';
import type { LoggedCall } from '../logged-call.ts';
import { postBatch } from '../post-batch.ts';
import { toLangfuseEvents } from './to-langfuse-events.ts';

export interface LangfuseTransportOptions {
  timeoutMs: number;
  /** Langfuse answers 207 with per-event errors instead of failing the batch: they are reported here. */
  onRejectedEvents?: (count: number, firstMessage: string) => void;
}

interface IngestionAnswer {
  errors?: { id?: string; status?: number; message?: string; error?: unknown }[];
}

/** Langfuse's public ingestion API: `POST {host}/api/public/ingestion`, basic auth public:secret, `{ batch: [...] }`. */
export function createLangfuseTransport(settings: LangfuseSinkSettings, options: LangfuseTransportOptions): SinkTransport {
  const url = `${settings.host}/api/public/ingestion`;
  const headers = {
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${settings.publicKey}:${settings.secretKey}`).toString('base64')}`,
  };
  return {
    async send(calls: readonly LoggedCall[]) {
      const now = Date.now();
      const body = JSON.stringify({ batch: calls.flatMap((call) => toLangfuseEvents(call, now)) });
      const answer = await postBatch({ sink: settings.name, url, headers, body, timeoutMs: options.timeoutMs });
      let parsed: IngestionAnswer = {};
      try {
        parsed = JSON.parse(answer) as IngestionAnswer;
      } catch {
        return;
      }
      const errors = Array.isArray(parsed.errors) ? parsed.errors : [];
      if (errors.length > 0) options.onRejectedEvents?.(errors.length, String(errors[0]?.message ?? errors[0]?.status ?? 'rejected'));
    },
  };
}
