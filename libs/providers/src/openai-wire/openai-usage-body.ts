import type { Usage } from '../usage.ts';

/** Our Usage as the `usage` object of an OpenAI chat completion (or usage chunk). */
export function openAIUsageBody(usage: Usage): Record<string, unknown> {
  const body: Record<string, unknown> = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedPromptTokens ?? 0 },
  };
  if (usage.reasoningTokens !== undefined) body.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  // Anthropic's own names too, as LiteLLM returns them: clients that price cache writes read these.
  if (usage.cacheCreationTokens !== undefined) body.cache_creation_input_tokens = usage.cacheCreationTokens;
  if (usage.cachedPromptTokens !== undefined) body.cache_read_input_tokens = usage.cachedPromptTokens;
  return body;
}
