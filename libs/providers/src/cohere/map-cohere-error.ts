import type { IncomingHttpHeaders } from 'node:http';
import { scrubSecrets } from '../errors/scrub-secrets.ts';
import { parseRetryAfter } from '../errors/parse-retry-after.ts';
import { ProviderError, type ProviderErrorKind } from '../provider-error.ts';
import { cohereErrorBodySchema } from './cohere-api.ts';

const MAX_MESSAGE_LENGTH = 1000;

/** Cohere's statuses (it uses 498 for an invalid token, 402 for billing) → what our client sees. */
const BY_STATUS: Readonly<Record<number, readonly [ProviderErrorKind, number]>> = {
  400: ['bad_request', 400],
  401: ['authentication', 401],
  402: ['rate_limit', 429],
  403: ['permission', 403],
  404: ['not_found', 404],
  422: ['bad_request', 400],
  429: ['rate_limit', 429],
  498: ['authentication', 401],
  503: ['upstream_unavailable', 503],
  504: ['timeout', 504],
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
  const message = scrubSecrets(rawMessage, input.secrets ?? []).slice(0, MAX_MESSAGE_LENGTH);
  let [kind, status] = (input.status !== undefined ? BY_STATUS[input.status] : undefined) ?? (input.status === undefined || input.status >= 500 ? ['upstream_error', 502] : ['bad_request', 400]);
  if (kind === 'bad_request' && CONTEXT_MESSAGE.test(rawMessage)) [kind, status] = ['context_window_exceeded', 400];
  const retryAfterSeconds = input.headers ? parseRetryAfter(input.headers) : undefined;
  return new ProviderError(kind, status, message, {
    ...(input.status !== undefined ? { upstreamStatus: input.status, code: `cohere_${input.status}` } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}
