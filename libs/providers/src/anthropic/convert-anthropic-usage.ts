import type { Usage } from '../usage.ts';
import type { AnthropicUsage } from './anthropic-api.ts';

/**
 * Anthropic reports cache reads and writes beside `input_tokens`, not inside it; our Usage (like
 * OpenAI's) counts every prompt token in `promptTokens` and names the cached parts separately.
 */
export function convertAnthropicUsage(raw: AnthropicUsage): Usage {
  const input = raw.input_tokens ?? 0;
  const cacheWrite = raw.cache_creation_input_tokens;
  const cacheRead = raw.cache_read_input_tokens;
  const promptTokens = input + (cacheWrite ?? 0) + (cacheRead ?? 0);
  const completionTokens = raw.output_tokens ?? 0;
  const usage: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  if (typeof cacheRead === 'number') usage.cachedPromptTokens = cacheRead;
  if (typeof cacheWrite === 'number') usage.cacheCreationTokens = cacheWrite;
  const thinking = raw.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') usage.reasoningTokens = thinking;
  return usage;
}

/**
 * A stream's usage: `message_start` gives the first numbers, `message_delta` the final ones. Fields the
 * delta carries win (its `output_tokens` is cumulative, and it may correct input and cache counts).
 */
export function mergeAnthropicUsage(start: AnthropicUsage | undefined, delta: AnthropicUsage | null | undefined): AnthropicUsage {
  const present: AnthropicUsage = Object.fromEntries(Object.entries(delta ?? {}).filter(([, value]) => value !== null && value !== undefined));
  return { ...start, ...present };
}
