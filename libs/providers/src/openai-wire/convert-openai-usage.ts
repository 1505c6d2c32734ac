import type { Usage } from '../usage.ts';
import { isRecord } from '../is-record.ts';

export interface UsageOptions {
  /** xAI counts reasoning outside completion_tokens; our Usage includes it (it is billed as output). */
  reasoningExcludedFromCompletion?: boolean;
}

function withOptionalParts(usage: Usage, cached: number | null | undefined, reasoning: number | null | undefined): Usage {
  if (typeof cached === 'number') usage.cachedPromptTokens = cached;
  if (typeof reasoning === 'number') usage.reasoningTokens = reasoning;
  return usage;
}

// Plain checks with the meaning of openaiChatUsageSchema / openaiResponsesUsageSchema (openai-api.ts):
// this runs on every response, and zod's parse showed up in the gateway's profile.
type Raw = Record<string, unknown>;
const optionalNumber = (value: unknown): value is number | null | undefined => value === undefined || value === null || typeof value === 'number';
const numberOrUndefined = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const optionalDetails = (value: unknown, field: string): boolean => value === undefined || value === null || (isRecord(value) && optionalNumber(value[field]));
const detail = (value: unknown, field: string): number | undefined => (isRecord(value) ? numberOrUndefined(value[field]) : undefined);

function isResponsesUsage(raw: Raw): boolean {
  return (
    typeof raw.input_tokens === 'number' &&
    optionalNumber(raw.output_tokens) &&
    optionalNumber(raw.total_tokens) &&
    optionalDetails(raw.input_tokens_details, 'cached_tokens') &&
    optionalDetails(raw.output_tokens_details, 'reasoning_tokens')
  );
}

function isChatUsage(raw: Raw): boolean {
  return (
    optionalNumber(raw.prompt_tokens) &&
    optionalNumber(raw.completion_tokens) &&
    optionalNumber(raw.total_tokens) &&
    optionalDetails(raw.prompt_tokens_details, 'cached_tokens') &&
    optionalDetails(raw.completion_tokens_details, 'reasoning_tokens') &&
    optionalNumber(raw.prompt_cache_hit_tokens)
  );
}

/**
 * An upstream `usage` object in either OpenAI shape (Chat Completions' prompt/completion or Responses'
 * input/output) as our Usage. Undefined when absent or unreadable: then callers count tokens themselves.
 */
export function convertOpenAIUsage(raw: unknown, options: UsageOptions = {}): Usage | undefined {
  if (!isRecord(raw)) return undefined;

  if (isResponsesUsage(raw)) {
    const input = raw.input_tokens as number;
    const output = numberOrUndefined(raw.output_tokens) ?? 0;
    return withOptionalParts(
      { promptTokens: input, completionTokens: output, totalTokens: numberOrUndefined(raw.total_tokens) ?? input + output },
      detail(raw.input_tokens_details, 'cached_tokens'),
      detail(raw.output_tokens_details, 'reasoning_tokens'),
    );
  }

  if (!isChatUsage(raw) || typeof raw.prompt_tokens !== 'number') return undefined;
  const prompt = raw.prompt_tokens;
  const reasoning = detail(raw.completion_tokens_details, 'reasoning_tokens');
  let completion = numberOrUndefined(raw.completion_tokens) ?? 0;
  if (options.reasoningExcludedFromCompletion && typeof reasoning === 'number') completion += reasoning;
  return withOptionalParts(
    { promptTokens: prompt, completionTokens: completion, totalTokens: numberOrUndefined(raw.total_tokens) ?? prompt + completion },
    detail(raw.prompt_tokens_details, 'cached_tokens') ?? numberOrUndefined(raw.prompt_cache_hit_tokens),
    reasoning,
  );
}
