/** OpenAI's finish reasons, as Chat Completions clients expect them; every adapter maps its upstream's reasons to these. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';
