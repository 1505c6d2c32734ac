import type { IncomingHttpHeaders } from 'node:http';
import { errorKindForStatus, type ClientError } from '../errors/error-kind-for-status.ts';
import { parseRetryAfter } from '../errors/parse-retry-after.ts';
import { scrubUpstreamMessage } from '../errors/scrub-upstream-message.ts';
import { ProviderError } from '../provider-error.ts';
import { anthropicErrorBodySchema } from './anthropic-api.ts';

/** Anthropic's error `type` → what our client sees. The type is more precise than the status (529 is `overloaded_error`). */
const BY_TYPE: Readonly<Record<string, ClientError>> = {
  invalid_request_error: ['bad_request', 400],
  authentication_error: ['authentication', 401],
  permission_error: ['permission', 403],
  not_found_error: ['not_found', 404],
  request_too_large: ['bad_request', 413],
  rate_limit_error: ['rate_limit', 429],
  // An exhausted account, like OpenAI's insufficient_quota: another deployment may still answer.
  billing_error: ['rate_limit', 429],
  api_error: ['upstream_error', 502],
  overloaded_error: ['upstream_unavailable', 503],
  timeout_error: ['timeout', 504],
};

/** For bodies without a known type (a proxy in between, an HTML error page): Anthropic's own status beside the shared ones. */
const ANTHROPIC_STATUSES: Readonly<Record<number, ClientError>> = {
  529: ['upstream_unavailable', 503],
};

const CONTEXT_MESSAGE = /prompt is too long|exceed context limit|context window|maximum context length|too many tokens/i;

export interface AnthropicErrorInput {
  /** Undefined for an `error` event inside a stream. */
  status?: number;
  /** The parsed error body, or its raw text when it was not JSON. */
  body: unknown;
  headers?: IncomingHttpHeaders;
  secrets?: readonly (string | undefined)[];
}

function kindOf(type: string | undefined, status: number | undefined): ClientError {
  return (type ? BY_TYPE[type] : undefined) ?? errorKindForStatus(status, ANTHROPIC_STATUSES);
}

/** An Anthropic error (HTTP body or in-stream event) as a ProviderError whose message is safe to show. */
export function mapAnthropicError(input: AnthropicErrorInput): ProviderError {
  const parsed = typeof input.body === 'string' ? undefined : anthropicErrorBodySchema.safeParse(input.body).data;
  const type = parsed?.error?.type ?? undefined;
  const text = typeof input.body === 'string' ? input.body.slice(0, 200) : undefined;
  const rawMessage = parsed?.error?.message ?? text ?? `The upstream answered HTTP ${input.status ?? 'error'}`;
  const message = scrubUpstreamMessage(rawMessage, input.secrets);
  let [kind, status] = kindOf(type, input.status);
  if (kind === 'bad_request' && status === 400 && CONTEXT_MESSAGE.test(rawMessage)) [kind, status] = ['context_window_exceeded', 400];
  const retryAfterSeconds = input.headers ? parseRetryAfter(input.headers) : undefined;
  return new ProviderError(kind, status, message, {
    ...(input.status !== undefined ? { upstreamStatus: input.status } : {}),
    ...(type ? { code: type } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}
