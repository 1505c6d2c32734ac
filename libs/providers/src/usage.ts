/** Token usage of one call, in the units providers bill. Optional parts are absent when not reported. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Prompt tokens served from the provider's prompt cache (billed at the cache-read price). */
  cachedPromptTokens?: number;
  /** Prompt tokens written to the provider's prompt cache (Anthropic; billed at the cache-write price). */
  cacheCreationTokens?: number;
  /** Completion tokens spent on reasoning/thinking (already included in completionTokens). */
  reasoningTokens?: number;
  /** Set when the numbers were counted by our tokenizer, not reported by the upstream. */
  estimated?: boolean;
}
