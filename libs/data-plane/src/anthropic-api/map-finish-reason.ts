/** OpenAI `finish_reason` → Anthropic `stop_reason`. Unknown reasons end as `end_turn`. */
const STOP_REASONS: Readonly<Record<string, string>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
};

export function mapFinishReason(finishReason: string | null | undefined): string {
  return (finishReason && STOP_REASONS[finishReason]) || 'end_turn';
}
