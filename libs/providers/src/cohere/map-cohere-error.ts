import type { IncomingHttpHeaders } from 'node:http';
import { errorKindForStatus, type ClientError } from '../errors/error-kind-for-status.ts';
import { parseRetryAfter } from '../errors/parse-retry-after.ts';
import { scrubUpstreamMessage } from '../errors/scrub-upstream-message.ts';
import { ProviderError } from '../provider-error.ts';
import { cohereErrorBodySchema } from './cohere-api.ts';

/** Cohere's own statuses beside the shared ones: 402 for billing (like a spent quota), 498 for an invalid token. */
const COHERE_STATUSES: Readonly<Record<number, ClientError>> = {
  402: ['rate_limit', 429],
  498: ['authentication', 401],
};

const CONTEXT_MESSAGE = /too many tokens|context length|maximum (context|number of tokens)|exceeds? .*token limit/i;

export interface CohereErrorInput {
  status?: number;
  body: unknown;
  headers?: IncomingHttpHeaders;
  secrets?: readonly (string | undefined)[];
}

/** A Cohere error (`{"message": ...}` with an HTTP status, or an in-stream error) as a safe ProviderError. */
export function mapCohereError(input: CohereErrorInput): ProviderError {
  const parsed = typeof input.body === 'string' ? undefined : cohereErrorBodySchema.safeParse(input.body).data;
  const rawMessage = parsed?.message ?? (typeof input.body === 'string' ? input.body.slice(0, 200) : `The upstream answered HTTP ${input.status ?? 'error'}`);
  const message = scrubUpstreamMessage(rawMessage, input.secrets);
  let [kind, status] = errorKindForStatus(input.status, COHERE_STATUSES);
  if (kind === 'bad_request' && CONTEXT_MESSAGE.test(rawMessage)) [kind, status] = ['context_window_exceeded', 400];
  const retryAfterSeconds = input.headers ? parseRetryAfter(input.headers) : undefined;
  return new ProviderError(kind, status, message, {
    ...(input.status !== undefined ? { upstreamStatus: input.status, code: `cohere_${input.status}` } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}
