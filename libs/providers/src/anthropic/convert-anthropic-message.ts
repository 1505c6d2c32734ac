import type { JsonResult } from '../provider.ts';
import type { AnthropicMessage } from './anthropic-api.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import type { OpenAIFinishReason } from '../openai-wire/openai-finish-reason.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';

export interface ConvertOptions {
  /** The JSON-mode tool: its call is the answer text (see prepare-anthropic-tools.ts). */
  jsonToolName?: string;
  /** Unix seconds for `created` (Anthropic messages carry no timestamp). */
  created: number;
}

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A JSON-mode answer ends as `stop`, not `tool_calls`: the client asked for text and got it. */
export function finishReasonOf(stopReason: string | null | undefined, realToolCalls: boolean, jsonMode: boolean): OpenAIFinishReason {
  const finish = mapAnthropicStopReason(stopReason);
  return finish === 'tool_calls' && jsonMode && !realToolCalls ? 'stop' : finish;
}

/**
 * An Anthropic `message` as an OpenAI `chat.completion`: text blocks joined into `content`, thinking
 * into `reasoning_content` (never into the answer text), `tool_use` into `tool_calls`. Server-side tool
 * blocks (web search, code execution) have no OpenAI form and are left out. The raw stop reason stays in
 * `provider_specific_fields`, where LiteLLM clients look for it.
 */
export function convertAnthropicMessage(message: AnthropicMessage, options: ConvertOptions): JsonResult {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') text += block.text ?? '';
    else if (block.type === 'thinking') reasoning += block.thinking ?? '';
    else if (block.type === 'tool_use' && block.name === options.jsonToolName) text += JSON.stringify(block.input ?? {});
    else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id ?? '', type: 'function', function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const assistant: Record<string, unknown> = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (reasoning !== '') assistant.reasoning_content = reasoning;
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;

  const usage = message.usage ? convertAnthropicUsage(message.usage) : undefined;
  const body: Record<string, unknown> = {
    id: message.id ?? '',
    object: 'chat.completion',
    created: options.created,
    model: message.model ?? '',
    choices: [
      {
        index: 0,
        message: assistant,
        logprobs: null,
        finish_reason: finishReasonOf(message.stop_reason, toolCalls.length > 0, options.jsonToolName !== undefined),
        provider_specific_fields: { stop_reason: message.stop_reason ?? null, stop_sequence: message.stop_sequence ?? null },
      },
    ],
  };
  if (usage) body.usage = openAIUsageBody(usage);
  return usage ? { body, usage } : { body };
}
