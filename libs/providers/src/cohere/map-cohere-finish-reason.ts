import type { OpenAIFinishReason } from '../openai-wire/openai-finish-reason.ts';

/** Cohere v2 `finish_reason` → OpenAI `finish_reason`. Unknown (future) reasons end as `stop`. */
const FINISH_REASONS: Readonly<Record<string, OpenAIFinishReason>> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
  ERROR_TOXIC: 'content_filter',
};

export function mapCohereFinishReason(reason: string | null | undefined): OpenAIFinishReason {
  return (reason && FINISH_REASONS[reason]) || 'stop';
}
