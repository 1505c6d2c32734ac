import type { OpenAIResponseFormat } from '../openai-wire/openai-chat-request.ts';

/**
 * JSON mode on upstreams without a JSON response format (Anthropic, Bedrock) is a forced tool call, the
 * approach Anthropic documents for reliable JSON ("tool use for JSON output"): the model must call this
 * tool, and the tool's `input` is the answer. Responses turn the call back into message text, so clients
 * see ordinary JSON content.
 */
export const JSON_TOOL_NAME = 'json_response';

/** The tool's description when the client's json_schema has none. */
export const JSON_TOOL_DESCRIPTION = 'Give the answer as a JSON object by calling this tool.';

/** The response_format when it asks for JSON (`json_object` or `json_schema`); undefined for text. */
export function jsonModeFormat(format: OpenAIResponseFormat | null | undefined): OpenAIResponseFormat | undefined {
  return format?.type === 'json_object' || format?.type === 'json_schema' ? format : undefined;
}
