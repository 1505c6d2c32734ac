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
  const text = await response.text();
  throw mapOpenAIError({ status: response.status, body: parseJson(text) ?? text, headers: response.headers, secrets });
}

/** A non-streaming OpenAI-format answer: the body as sent, plus the usage it reports. */
export async function readJsonResult(response: UpstreamResponse, options: ReadResultOptions): Promise<JsonResult> {
  if (response.status >= 400) await throwIfUpstreamError(response, options.secrets);
  const text = await response.text();
  const body = parseJson(text);
  if (!isRecord(body)) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not a JSON object');
  const groq = isRecord(body.x_groq) ? body.x_groq.usage : undefined;
  const usage = convertOpenAIUsage(body.usage ?? groq, options.usage);
  return usage ? { body, usage, text } : { body, text };
}
