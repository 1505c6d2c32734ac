import type { IncomingHttpHeaders } from 'node:http';
import { errorKindForStatus, type ClientError } from '../errors/error-kind-for-status.ts';
import { parseRetryAfter } from '../errors/parse-retry-after.ts';
import { scrubUpstreamMessage } from '../errors/scrub-upstream-message.ts';
import { ProviderError } from '../provider-error.ts';
import { geminiErrorBodySchema } from './gemini-api.ts';

/** Google's canonical error `status` → what our client sees. More precise than the HTTP status. */
const BY_STATUS_NAME: Readonly<Record<string, ClientError>> = {
  INVALID_ARGUMENT: ['bad_request', 400],
  FAILED_PRECONDITION: ['bad_request', 400],
  OUT_OF_RANGE: ['bad_request', 400],
  UNAUTHENTICATED: ['authentication', 401],
  PERMISSION_DENIED: ['permission', 403],
  NOT_FOUND: ['not_found', 404],
  RESOURCE_EXHAUSTED: ['rate_limit', 429],
  CANCELLED: ['upstream_error', 502],
  INTERNAL: ['upstream_error', 502],
  UNKNOWN: ['upstream_error', 502],
  UNAVAILABLE: ['upstream_unavailable', 503],
  DEADLINE_EXCEEDED: ['timeout', 504],
};

const CONTEXT_MESSAGE = /exceeds the maximum number of tokens|input token count.*exceeds|context (window|length)|too many tokens/i;
/** ErrorInfo reasons that mean our key is bad, though Google answers them with 400 INVALID_ARGUMENT. */
const BAD_KEY_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED']);
/** Google API keys (`AIza...`), which error messages can quote. */
const GOOGLE_KEY = /\bAIza[0-9A-Za-z_-]{20,}/g;

export interface GeminiErrorInput {
  status?: number;
  body: unknown;
  headers?: IncomingHttpHeaders;
  secrets?: readonly (string | undefined)[];
}

/** `RetryInfo.retryDelay` ("34.4s") in whole seconds, rounded up. */
function retryDelaySeconds(details: readonly { '@type'?: string | null; retryDelay?: string | null }[]): number | undefined {
  const delay = details.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const seconds = delay ? Number.parseFloat(delay) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/** A Google API error (HTTP body or in-stream) as a ProviderError whose message is safe to show. */
export function mapGeminiError(input: GeminiErrorInput): ProviderError {
  const body = Array.isArray(input.body) ? input.body[0] : input.body; // streams without alt=sse wrap it in a list
  const error = typeof body === 'string' ? undefined : geminiErrorBodySchema.safeParse(body).data?.error;
  const details = error?.details ?? [];
  const rawMessage = error?.message ?? (typeof body === 'string' ? body.slice(0, 200) : `The upstream answered HTTP ${input.status ?? 'error'}`);
  const message = scrubUpstreamMessage(rawMessage, input.secrets, [GOOGLE_KEY]);
  const status = input.status ?? error?.code ?? undefined;
  let [kind, clientStatus] = (error?.status ? BY_STATUS_NAME[error.status] : undefined) ?? errorKindForStatus(status);
  if (details.some((detail) => detail.reason && BAD_KEY_REASONS.has(detail.reason))) [kind, clientStatus] = ['authentication', 401];
  else if (kind === 'bad_request' && CONTEXT_MESSAGE.test(rawMessage)) [kind, clientStatus] = ['context_window_exceeded', 400];
  const retryAfterSeconds = retryDelaySeconds(details) ?? (input.headers ? parseRetryAfter(input.headers) : undefined);
  return new ProviderError(kind, clientStatus, message, {
    ...(input.status !== undefined ? { upstreamStatus: input.status } : {}),
    ...(error?.status ? { code: error.status } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}
