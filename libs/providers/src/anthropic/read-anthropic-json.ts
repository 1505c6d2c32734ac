import type { UpstreamResponse } from '../http/send-upstream.ts';
import { isRecord } from '../is-record.ts';
import { ProviderError } from '../provider-error.ts';
import { mapAnthropicError } from './map-anthropic-error.ts';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Throws the mapped ProviderError for an upstream error status; reads the (error) body to do so. */
export async function throwIfAnthropicError(response: UpstreamResponse, secrets: readonly (string | undefined)[]): Promise<void> {
  if (response.status < 400) return;
  const text = await response.text();
  throw mapAnthropicError({ status: response.status, body: parseJson(text) ?? text, headers: response.headers, secrets });
}

/** A successful JSON answer as an object (errors thrown as ProviderErrors). */
export async function readAnthropicJson(response: UpstreamResponse, secrets: readonly (string | undefined)[]): Promise<Record<string, unknown>> {
  await throwIfAnthropicError(response, secrets);
  const body = parseJson(await response.text());
  if (!isRecord(body)) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not a JSON object');
  return body;
}
