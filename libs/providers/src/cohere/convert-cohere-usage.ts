import type { Usage } from '../usage.ts';
import type { CohereUsage } from './cohere-api.ts';

/**
 * Cohere charges `billed_units`; `tokens` also counts what Cohere adds itself (its default preamble),
 * and `cached_tokens` is relative to those raw counts. So usage (and cost) come from billed units, and
 * the raw counts stay visible in the response's `provider_specific_fields`.
 */
export function convertCohereUsage(raw: CohereUsage): Usage {
  const promptTokens = raw.billed_units?.input_tokens ?? raw.tokens?.input_tokens ?? 0;
  const completionTokens = raw.billed_units?.output_tokens ?? raw.tokens?.output_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
