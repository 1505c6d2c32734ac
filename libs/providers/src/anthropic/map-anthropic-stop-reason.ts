import type { OpenAIFinishReason } from '../openai-wire/openai-finish-reason.ts';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. Unknown (future) reasons end as `stop`. */
const FINISH_REASONS: Readonly<Record<string, OpenAIFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

export function mapAnthropicStopReason(stopReason: string | null | undefined): OpenAIFinishReason {
  return (stopReason && FINISH_REASONS[stopReason]) || 'stop';
}
