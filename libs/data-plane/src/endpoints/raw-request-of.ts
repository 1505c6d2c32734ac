import type { CapturedUpstreamCall, SecretMask } from '@switchboard/providers';

/** LiteLLM's answer to `/utils/transform_request`: the request the provider would get (a type, so it is a JSON body as it is). */
export type RawRequest = {
  raw_request_api_base: string;
  raw_request_body: unknown;
  raw_request_headers: Record<string, string>;
};

/**
 * Headers shown as they are: they describe the request, never who sends it. Every other header's value is
 * `[redacted]`: besides the credential headers (`authorization`, `x-api-key`, `api-key`, `x-goog-api-key`, a SigV4
 * signature), a deployment's `extra_headers` may carry a secret under any name, and whoever may call the model
 * does not hold the deployment's credentials.
 */
const SHOWN_HEADERS = new Set(['content-type', 'accept', 'anthropic-version', 'anthropic-beta', 'user-agent', 'x-amz-date', 'x-amz-content-sha256']);
/** Query parameters shown as they are (Azure's `api-version`, Google's `alt=sse`); others are redacted like headers. */
const SHOWN_QUERY = new Set(['api-version', 'alt']);
/** The scheme of an `authorization` value, kept so the answer still says how the call authenticates. */
const AUTH_SCHEME = /^(Bearer|Basic|AWS4-HMAC-SHA256)\s/i;
const REDACTED = '[redacted]';

function redactedHeader(name: string, value: string): string {
  if (SHOWN_HEADERS.has(name.toLowerCase())) return value;
  const scheme = name.toLowerCase() === 'authorization' ? AUTH_SCHEME.exec(value)?.[1] : undefined;
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/** The URL without userinfo, and with every query value but the shown ones redacted (Gemini's `?key=`). */
function redactedUrl(raw: string, mask: SecretMask): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return mask.maskText(raw);
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (!SHOWN_QUERY.has(name)) url.searchParams.set(name, REDACTED);
  return mask.maskText(url.toString());
}

/** The body as JSON when it is JSON text (every chat, embedding, image and moderation request is), with the deployment's secrets masked. */
function bodyOf(body: CapturedUpstreamCall['body'], mask: SecretMask): unknown {
  if (typeof body !== 'string') return REDACTED;
  const text = mask.maskText(body);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A captured upstream request as LiteLLM's `/utils/transform_request` answers it, with nothing secret left in it. */
export function rawRequestOf(call: CapturedUpstreamCall, mask: SecretMask): RawRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) headers[name] = redactedHeader(name, value);
  return { raw_request_api_base: redactedUrl(call.url, mask), raw_request_body: bodyOf(call.body, mask), raw_request_headers: headers };
}
