import type { Usage } from '@switchboard/providers';

export interface AnthropicUsageBody {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** Our Usage in Anthropic's terms, where `input_tokens` excludes cache reads and writes. */
export function anthropicUsage(usage: Usage): AnthropicUsageBody {
  const cacheRead = usage.cachedPromptTokens ?? 0;
  const cacheWrite = usage.cacheCreationTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.promptTokens - cacheRead - cacheWrite),
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
