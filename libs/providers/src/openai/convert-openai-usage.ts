import type { Usage } from '../usage.ts';
import { openaiChatUsageSchema, openaiResponsesUsageSchema } from './openai-api.ts';

export interface UsageOptions {
  /** xAI counts reasoning outside completion_tokens; our Usage includes it (it is billed as output). */
  reasoningExcludedFromCompletion?: boolean;
}

function withOptionalParts(usage: Usage, cached: number | null | undefined, reasoning: number | null | undefined): Usage {
  if (typeof cached === 'number') usage.cachedPromptTokens = cached;
  if (typeof reasoning === 'number') usage.reasoningTokens = reasoning;
  return usage;
}

/**
 * An upstream `usage` object in either OpenAI shape (Chat Completions' prompt/completion or Responses'
 * input/output) as our Usage. Undefined when absent or unreadable: then callers count tokens themselves.
 */
export function convertOpenAIUsage(raw: unknown, options: UsageOptions = {}): Usage | undefined {
  if (raw === null || raw === undefined) return undefined;

  const responses = openaiResponsesUsageSchema.safeParse(raw);
  if (responses.success) {
    const u = responses.data;
    const output = u.output_tokens ?? 0;
    return withOptionalParts(
      { promptTokens: u.input_tokens, completionTokens: output, totalTokens: u.total_tokens ?? u.input_tokens + output },
      u.input_tokens_details?.cached_tokens,
      u.output_tokens_details?.reasoning_tokens,
    );
  }

  const chat = openaiChatUsageSchema.safeParse(raw);
  if (!chat.success || typeof chat.data.prompt_tokens !== 'number') return undefined;
  const u = chat.data;
  const prompt = u.prompt_tokens ?? 0;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  let completion = u.completion_tokens ?? 0;
  if (options.reasoningExcludedFromCompletion && typeof reasoning === 'number') completion += reasoning;
  return withOptionalParts(
    { promptTokens: prompt, completionTokens: completion, totalTokens: u.total_tokens ?? prompt + completion },
    u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens,
    reasoning,
  );
}
