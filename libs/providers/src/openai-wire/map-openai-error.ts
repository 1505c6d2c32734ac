import type { IncomingHttpHeaders } from 'node:http';
import { errorKindForStatus, type ClientError } from '../errors/error-kind-for-status.ts';
import { parseRetryAfter } from '../errors/parse-retry-after.ts';
import { scrubUpstreamMessage } from '../errors/scrub-upstream-message.ts';
import { ProviderError } from '../provider-error.ts';
import { openaiErrorBodySchema, type OpenAIErrorObject } from './openai-api.ts';

/**
 * Where OpenAI-format upstreams differ from the shared status table: a 409 (a conflict on the upstream's
 * side, not the client's) is retried like a server error, and a 504 is reported as one too.
 */
const OPENAI_STATUSES: Readonly<Record<number, ClientError>> = {
  409: ['upstream_error', 502],
  504: ['upstream_error', 502],
};

/** In-stream errors carry no HTTP status; their code says what happened. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  invalid_api_key: 401,
  server_error: 502,
};

const CONTEXT_CODES = new Set(['context_length_exceeded', 'string_above_max_length']);
const CONTEXT_MESSAGE = /maximum context length|context window|context_length_exceeded|prompt is too long|too many tokens/i;
const POLICY_CODES = new Set(['content_policy_violation', 'content_filter']);

export interface UpstreamErrorInput {
  /** Undefined for an error event inside a stream. */
  status?: number;
  /** The parsed error body, or its raw text when it was not JSON. */
  body: unknown;
  headers?: IncomingHttpHeaders;
  /** Values to scrub from the message besides key-shaped text (the deployment's API key). */
  secrets?: readonly (string | undefined)[];
}

function errorObjectOf(body: unknown): OpenAIErrorObject & { text?: string } {
  if (typeof body === 'string') return { text: body };
  const parsed = openaiErrorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const { error, detail, ...topLevel } = parsed.data;
  if (typeof error === 'string') return { ...topLevel, message: error };
  if (error) return error;
  if (topLevel.message) return topLevel;
  return { text: detail === undefined || detail === null ? undefined : JSON.stringify(detail) };
}

/** An OpenAI-format error (HTTP or in-stream) as a ProviderError whose message is safe to show. */
export function mapOpenAIError(input: UpstreamErrorInput): ProviderError {
  const error = errorObjectOf(input.body);
  const code = error.code === null || error.code === undefined ? error.type ?? undefined : String(error.code);
  const status = input.status ?? (code ? STATUS_BY_CODE[code] : undefined) ?? 502;
  const rawMessage = error.message ?? error.text?.slice(0, 200) ?? `The upstream answered HTTP ${status}`;
  const message = scrubUpstreamMessage(rawMessage, input.secrets);
  const options = {
    upstreamStatus: input.status,
    code,
    param: error.param ?? undefined,
    retryAfterSeconds: input.headers ? parseRetryAfter(input.headers) : undefined,
  };

  let [kind, clientStatus] = errorKindForStatus(status, OPENAI_STATUSES);
  if (kind === 'bad_request' || input.status === undefined) {
    if ((code && CONTEXT_CODES.has(code)) || CONTEXT_MESSAGE.test(rawMessage)) [kind, clientStatus] = ['context_window_exceeded', 400];
    else if ((code && POLICY_CODES.has(code)) || (error.type && POLICY_CODES.has(error.type))) [kind, clientStatus] = ['content_policy', 400];
  }
  return new ProviderError(kind, clientStatus, message, options);
}
