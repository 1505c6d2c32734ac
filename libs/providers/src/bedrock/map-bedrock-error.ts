import type { IncomingHttpHeaders } from 'node:http';
import { errorKindForStatus, type ClientError } from '../errors/error-kind-for-status.ts';
import { parseRetryAfter } from '../errors/parse-retry-after.ts';
import { scrubUpstreamMessage } from '../errors/scrub-upstream-message.ts';
import { ProviderError } from '../provider-error.ts';
import { bedrockErrorBodySchema } from './bedrock-api.ts';

/** Bedrock's exception names (HTTP `x-amzn-errortype`, stream `:exception-type`) → what our client sees. */
const BY_TYPE: Readonly<Record<string, ClientError>> = {
  throttlingexception: ['rate_limit', 429],
  servicequotaexceededexception: ['rate_limit', 429],
  validationexception: ['bad_request', 400],
  accessdeniedexception: ['permission', 403],
  unrecognizedclientexception: ['authentication', 401],
  invalidsignatureexception: ['authentication', 401],
  expiredtokenexception: ['authentication', 401],
  incompletesignatureexception: ['authentication', 401],
  missingauthenticationtokenexception: ['authentication', 401],
  resourcenotfoundexception: ['not_found', 404],
  modelnotreadyexception: ['upstream_unavailable', 503],
  serviceunavailableexception: ['upstream_unavailable', 503],
  modeltimeoutexception: ['timeout', 504],
  modelerrorexception: ['upstream_error', 502],
  modelstreamerrorexception: ['upstream_error', 502],
  internalserverexception: ['upstream_error', 502],
};

/** Bedrock's own status beside the shared ones: 424 is a failed dependency on AWS's side (the model's container). */
const BEDROCK_STATUSES: Readonly<Record<number, ClientError>> = {
  424: ['upstream_error', 502],
};

const CONTEXT_MESSAGE = /too many (input )?tokens|input is too long|prompt is too long|context (window|length)|maximum context|exceeds? the maximum/i;
/** AWS access key ids, which signature errors quote back. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g;

export interface BedrockErrorInput {
  /** Undefined for an exception frame inside a stream. */
  status?: number;
  /** The parsed error body, or its raw text when it was not JSON. */
  body: unknown;
  headers?: IncomingHttpHeaders;
  /** The exception name from a stream frame's `:exception-type` header. */
  exceptionType?: string;
  secrets?: readonly (string | undefined)[];
}

/** `ValidationException:http://internal.amazon.com/...` or `com.amazon...#ThrottlingException` → `ThrottlingException`. */
function typeName(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const name = raw.split(':')[0]?.split('#').at(-1)?.trim();
  return name || undefined;
}

/** A Bedrock error (HTTP body or stream exception) as a ProviderError whose message is safe to show. */
export function mapBedrockError(input: BedrockErrorInput): ProviderError {
  const parsed = typeof input.body === 'string' ? undefined : bedrockErrorBodySchema.safeParse(input.body).data;
  const header = input.headers?.['x-amzn-errortype'];
  const type = typeName(input.exceptionType) ?? typeName(Array.isArray(header) ? header[0] : header) ?? typeName(parsed?.__type);
  const text = typeof input.body === 'string' ? input.body.slice(0, 200) : undefined;
  const rawMessage = parsed?.message ?? parsed?.Message ?? text ?? `The upstream answered HTTP ${input.status ?? 'error'}`;
  const message = scrubUpstreamMessage(rawMessage, input.secrets, [ACCESS_KEY_ID]);
  let [kind, status] = (type ? BY_TYPE[type.toLowerCase()] : undefined) ?? errorKindForStatus(input.status, BEDROCK_STATUSES);
  if (kind === 'bad_request' && status === 400 && CONTEXT_MESSAGE.test(rawMessage)) [kind, status] = ['context_window_exceeded', 400];
  const retryAfterSeconds = input.headers ? parseRetryAfter(input.headers) : undefined;
  return new ProviderError(kind, status, message, {
    ...(input.status !== undefined ? { upstreamStatus: input.status } : {}),
    ...(type ? { code: type } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}
