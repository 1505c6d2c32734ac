import type { UpstreamResponse } from '../http/send-upstream.ts';
import { isRecord } from '../is-record.ts';
import type { JsonResult } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { convertOpenAIUsage, type UsageOptions } from './convert-openai-usage.ts';
import { mapOpenAIError } from './map-openai-error.ts';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ReadResultOptions {
  usage: UsageOptions;
  secrets: readonly (string | undefined)[];
}

/** Throws the mapped ProviderError for an upstream error status; reads the (error) body to do so. */
export async function throwIfUpstreamError(response: UpstreamResponse, secrets: readonly (string | undefined)[]): Promise<void> {
  if (response.status < 400) return;
  throw upstreamErrorOf(response, await response.text(), secrets);
}

/** An error status's ProviderError, mapped from its body (JSON when it parses, else the text). */
function upstreamErrorOf(response: UpstreamResponse, text: string, secrets: readonly (string | undefined)[]): ProviderError {
  return mapOpenAIError({ status: response.status, body: parseJson(text) ?? text, headers: response.headers, secrets });
}

/**
 * A non-streaming OpenAI-format answer: the body as sent, plus the usage it reports; an error status throws its
 * mapped ProviderError. Answers at once when the body is already whole (a JSON call's, `textNow`): the adapter's
 * own promise then carries the result, with no promise of this function's and no turn spent waiting for text that
 * is there.
 */
export function readJsonResult(response: UpstreamResponse, options: ReadResultOptions): JsonResult | Promise<JsonResult> {
  if (response.textNow) return jsonResultOf(response, response.textNow(), options);
  return response.text().then((text) => jsonResultOf(response, text, options));
}

function jsonResultOf(response: UpstreamResponse, text: string, options: ReadResultOptions): JsonResult {
  if (response.status >= 400) throw upstreamErrorOf(response, text, options.secrets);
  const body = parseJson(text);
  if (!isRecord(body)) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not a JSON object');
  const groq = isRecord(body.x_groq) ? body.x_groq.usage : undefined;
  const usage = convertOpenAIUsage(body.usage ?? groq, options.usage);
  return usage ? { body, usage, text } : { body, text };
}
