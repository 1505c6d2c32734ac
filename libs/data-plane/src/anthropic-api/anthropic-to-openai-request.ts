import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionFunctionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import type { AnthropicCountTokensRequest, AnthropicRequest } from './anthropic-request-schema.ts';
import { convertAnthropicMessagesToOpenAI, type Notes } from './convert-anthropic-messages-to-openai.ts';

/** Top-level fields the translation maps; every other one is noted as left out. */
const MAPPED_FIELDS = new Set(['model', 'max_tokens', 'messages', 'system', 'tools', 'tool_choice', 'stop_sequences', 'stream', 'metadata', 'temperature', 'top_p']);

export interface TranslatedRequest {
  /** An OpenAI chat request (without `stream`: the adapter's stream call adds it). */
  body: Record<string, unknown>;
  /** What could not be carried over, for the `x-switchboard-warnings` header. */
  warnings: string[];
}

function convertTools(tools: AnthropicRequest['tools'], notes: Notes): ChatCompletionFunctionTool[] {
  const converted: ChatCompletionFunctionTool[] = [];
  for (const tool of tools ?? []) {
    if (tool.type && tool.type !== 'custom') {
      notes.add(`the server tool ${tool.name} (${tool.type}) was left out: only Anthropic runs it`);
      continue;
    }
    converted.push({
      type: 'function',
      function: { name: tool.name, parameters: tool.input_schema ?? { type: 'object', properties: {} }, ...(tool.description ? { description: tool.description } : {}) },
    });
  }
  return converted;
}

function convertToolChoice(choice: NonNullable<AnthropicRequest['tool_choice']>): ChatCompletionToolChoiceOption {
  if (choice.type === 'any') return 'required';
  if (choice.type === 'tool') return { type: 'function', function: { name: choice.name ?? '' } };
  return choice.type;
}

/** A full request, or a count_tokens request (which has the prompt fields only). */
type Translatable = AnthropicCountTokensRequest & Partial<Pick<AnthropicRequest, 'max_tokens' | 'stop_sequences' | 'temperature' | 'top_p' | 'metadata'>>;

/**
 * An Anthropic Messages request as an OpenAI chat request, for providers that do not speak Anthropic's
 * format: `stop_sequences` → `stop`, `metadata.user_id` → `user`, `tool_choice` any → required and
 * `disable_parallel_tool_use` → `parallel_tool_calls: false`. `max_tokens` stays `max_tokens`, the
 * spelling every OpenAI-compatible server accepts.
 */
export function anthropicToOpenAIRequest(request: Translatable): TranslatedRequest {
  const notes: Notes = new Set();
  for (const key of Object.keys(request)) if (!MAPPED_FIELDS.has(key)) notes.add(`'${key}' was dropped: the model is not served by Anthropic, and OpenAI's format has no equivalent`);
  const body: Partial<ChatCompletionCreateParamsNonStreaming> = {
    model: request.model,
    messages: convertAnthropicMessagesToOpenAI(request.system, request.messages, notes),
  };
  if (request.max_tokens !== undefined) body.max_tokens = request.max_tokens;
  if (request.stop_sequences) body.stop = request.stop_sequences;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.top_p !== undefined) body.top_p = request.top_p;
  if (request.metadata?.user_id) body.user = request.metadata.user_id;
  const tools = convertTools(request.tools, notes);
  if (tools.length > 0) {
    body.tools = tools;
    if (request.tool_choice) body.tool_choice = convertToolChoice(request.tool_choice);
    if (request.tool_choice?.disable_parallel_tool_use) body.parallel_tool_calls = false;
  }
  return { body: body as Record<string, unknown>, warnings: [...notes] };
}
