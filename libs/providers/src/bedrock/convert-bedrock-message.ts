import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';
import type { JsonResult } from '../provider.ts';
import type { BedrockConverseResponse } from './bedrock-api.ts';
import { convertBedrockUsage } from './convert-bedrock-usage.ts';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.ts';

export interface ConvertOptions {
  id: string;
  model: string;
  created: number;
  jsonToolName?: string;
}

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * A Converse response as an OpenAI chat completion: text joined into `content`, reasoning into
 * `reasoning_content`, `toolUse` blocks as tool calls (the JSON-mode tool as text). Converse answers
 * carry no id or model, so both come from the caller. The raw stop reason stays in
 * `provider_specific_fields`.
 */
export function convertBedrockMessage(response: BedrockConverseResponse, options: ConvertOptions): JsonResult {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of response.output?.message?.content ?? []) {
    if (typeof block.text === 'string') text += block.text;
    else if (block.reasoningContent?.reasoningText?.text) reasoning += block.reasoningContent.reasoningText.text;
    else if (block.toolUse && block.toolUse.name === options.jsonToolName) text += JSON.stringify(block.toolUse.input ?? {});
    else if (block.toolUse) {
      toolCalls.push({ id: block.toolUse.toolUseId ?? '', type: 'function', function: { name: block.toolUse.name ?? '', arguments: JSON.stringify(block.toolUse.input ?? {}) } });
    }
  }
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const usage = response.usage ? convertBedrockUsage(response.usage) : undefined;
  const body: Record<string, unknown> = {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: mapBedrockStopReason(response.stopReason, options.jsonToolName !== undefined),
        provider_specific_fields: { stop_reason: response.stopReason ?? null },
      },
    ],
  };
  if (usage) body.usage = openAIUsageBody(usage);
  return usage ? { body, usage } : { body };
}
