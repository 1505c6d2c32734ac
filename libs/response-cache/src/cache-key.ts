import crypto, { createHash } from 'node:crypto';

/** `crypto.hash` (Node 20.12+) where present; a Hash object otherwise. */
const oneShotSha256: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex');
import type { CacheCallType } from '@switchboard/config';

/**
 * Request fields that do not change the answer: how it is delivered (stream), who asks and why (user,
 * metadata, tags), and the gateway's own controls. Left out of the key, so a streamed and a plain request
 * share an entry.
 */
const NOT_IN_KEY = new Set(['model', 'stream', 'stream_options', 'cache', 'metadata', 'user', 'tags', 'guardrails', 'litellm_metadata', 'mock_testing_fallbacks', 'mock_testing_context_fallbacks', 'mock_testing_content_policy_fallbacks', 'mock_testing_rate_limit_error', 'mock_response', 'request_timeout', 'num_retries', 'fallbacks', 'disable_fallbacks']);

/** OpenAI's defaults: a request that spells one out asks the same as one that leaves it out. */
const DEFAULTS: Record<string, unknown> = { n: 1, temperature: 1, top_p: 1, presence_penalty: 0, frequency_penalty: 0, logprobs: false, echo: false, encoding_format: 'float' };

/** JSON with object keys sorted at every depth and nulls dropped from objects: one text per meaning. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== null && (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The parameters of a request that decide its answer, normalized. */
export function answerParameters(body: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (NOT_IN_KEY.has(field) || value === null || value === undefined) continue;
    if (field in DEFAULTS && canonical(DEFAULTS[field]) === canonical(value)) continue;
    kept[field] = value;
  }
  return kept;
}

export interface CacheKeyInput {
  callType: CacheCallType;
  modelGroup: string;
  body: Record<string, unknown>;
  /** Whose answers may be shared (a team, a key, or everyone). */
  scope: string;
  namespace?: string;
}

/**
 * The key of an answer: SHA-256 over the call type, model group, scope and normalized parameters, with the
 * namespace in front as LiteLLM writes it (`<namespace>:<hash>`). The scope is inside the hash, so a key
 * shown to one tenant (`x-litellm-cache-key`) says nothing about another's.
 */
export function cacheKeyOf(input: CacheKeyInput): string {
  // One-shot hash (no Hash object per request).
  const hash = oneShotSha256(canonical({ call: input.callType, group: input.modelGroup, scope: input.scope, params: answerParameters(input.body) }));
  return input.namespace ? `${input.namespace}:${hash}` : hash;
}
