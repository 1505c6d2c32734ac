import type { Usage } from '@switchboard/providers';
import { anthropicMessageId } from './anthropic-message-id.ts';
import { anthropicUsage, type AnthropicUsageBody } from './anthropic-usage.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { openAIChatCompletionSchema } from './openai-response-schema.ts';

export type AnthropicResponseBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface AnthropicMessageBody {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: string;
  stop_sequence: null;
  usage: AnthropicUsageBody;
}

/** Tool arguments as the object Anthropic's `input` is; arguments that are not a JSON object become `{}`. */
export function parseToolInput(args: string | null | undefined): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(args || '{}');
    return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * An OpenAI chat completion as an Anthropic `message`: reasoning as a thinking block (with an empty
 * signature: it did not come from Anthropic), text as a text block, tool calls as `tool_use` blocks with
 * parsed input; usage from the call's accounted Usage (upstream-reported or counted).
 */
export function openAIToAnthropicMessage(body: Record<string, unknown>, usage: Usage): AnthropicMessageBody {
  const completion = openAIChatCompletionSchema.safeParse(body).data;
  const choice = completion?.choices?.[0];
  const message = choice?.message;
  const content: AnthropicResponseBlock[] = [];
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (reasoning) content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  if (message?.content) content.push({ type: 'text', text: message.content });
  for (const call of message?.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id ?? '', name: call.function?.name ?? '', input: parseToolInput(call.function?.arguments) });
  }
  return {
    id: anthropicMessageId(completion?.id),
    type: 'message',
    role: 'assistant',
    model: completion?.model ?? '',
    content,
    stop_reason: mapFinishReason(choice?.finish_reason),
    stop_sequence: null,
    usage: anthropicUsage(usage),
  };
}
