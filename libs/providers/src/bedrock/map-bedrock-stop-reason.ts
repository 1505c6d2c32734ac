import type { OpenAIFinishReason } from '../openai-wire/openai-finish-reason.ts';

/** Bedrock `stopReason` → OpenAI `finish_reason`. Unknown (future) reasons end as `stop`. */
const FINISH_REASONS: Readonly<Record<string, OpenAIFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
};

/** In JSON mode the forced tool call is the answer, so `tool_use` ends as `stop`. */
export function mapBedrockStopReason(stopReason: string | null | undefined, jsonMode = false): OpenAIFinishReason {
  const mapped = (stopReason && FINISH_REASONS[stopReason]) || 'stop';
  return jsonMode && mapped === 'tool_calls' ? 'stop' : mapped;
}
