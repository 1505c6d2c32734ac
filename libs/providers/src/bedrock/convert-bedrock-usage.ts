import type { Usage } from '../usage.ts';
import type { BedrockUsage } from './bedrock-api.ts';

/**
 * Bedrock reports cache reads and writes beside `inputTokens`, not inside it (as Anthropic does); our
 * Usage counts every prompt token in `promptTokens` and names the cached parts separately.
 */
export function convertBedrockUsage(raw: BedrockUsage): Usage {
  const cacheRead = raw.cacheReadInputTokens;
  const cacheWrite = raw.cacheWriteInputTokens;
  const promptTokens = (raw.inputTokens ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const completionTokens = raw.outputTokens ?? 0;
  const usage: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  if (typeof cacheRead === 'number') usage.cachedPromptTokens = cacheRead;
  if (typeof cacheWrite === 'number') usage.cacheCreationTokens = cacheWrite;
  return usage;
}
