import type { OpenAIFinishReason } from '../openai-wire/openai-finish-reason.ts';

/** Gemini `finishReason` → OpenAI `finish_reason`. Unknown (future) reasons end as `stop`. */
const FINISH_REASONS: Readonly<Record<string, OpenAIFinishReason>> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  MALFORMED_FUNCTION_CALL: 'stop',
};

/** Safety-type reasons: with nothing generated they become a content_policy error instead. */
export function isSafetyFinish(reason: string | null | undefined): boolean {
  return reason !== null && reason !== undefined && FINISH_REASONS[reason] === 'content_filter';
}

/** Gemini says STOP after a function call; OpenAI clients expect `tool_calls`. */
export function mapGeminiFinishReason(reason: string | null | undefined, hasToolCalls: boolean): OpenAIFinishReason {
  const mapped = (reason && FINISH_REASONS[reason]) || 'stop';
  return mapped === 'stop' && hasToolCalls ? 'tool_calls' : mapped;
}
