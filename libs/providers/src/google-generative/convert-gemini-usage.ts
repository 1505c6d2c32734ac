import type { Usage } from '../usage.ts';
import type { GeminiUsage } from './gemini-api.ts';

/**
 * Gemini's `promptTokenCount` already includes cached tokens (`cachedContentTokenCount`, billed at the
 * cache price); `candidatesTokenCount` leaves thinking out (`thoughtsTokenCount`), which is billed as
 * output, so our completion tokens are both.
 */
export function convertGeminiUsage(raw: GeminiUsage): Usage {
  const promptTokens = (raw.promptTokenCount ?? 0) + (raw.toolUsePromptTokenCount ?? 0);
  const thoughts = raw.thoughtsTokenCount;
  const completionTokens = (raw.candidatesTokenCount ?? 0) + (thoughts ?? 0);
  const usage: Usage = { promptTokens, completionTokens, totalTokens: raw.totalTokenCount ?? promptTokens + completionTokens };
  if (typeof raw.cachedContentTokenCount === 'number') usage.cachedPromptTokens = raw.cachedContentTokenCount;
  if (typeof thoughts === 'number') usage.reasoningTokens = thoughts;
  return usage;
}
