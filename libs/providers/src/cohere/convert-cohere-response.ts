import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';
import type { JsonResult } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import type { CohereChatResponse } from './cohere-api.ts';
import { convertCohereUsage } from './convert-cohere-usage.ts';
import { mapCohereFinishReason } from './map-cohere-finish-reason.ts';

/**
 * A Cohere v2 chat response as an OpenAI chat completion: text parts joined into `content`, the
 * `tool_plan` (the model's stated plan before calling tools) and thinking into `reasoning_content`,
 * tool calls as they are (v2 already uses OpenAI's shape).
 */
export function convertCohereResponse(response: CohereChatResponse, options: { model: string; created: number }): JsonResult {
  if (response.finish_reason === 'ERROR') throw new ProviderError('upstream_error', 502, 'Cohere ended the answer with an error');
  const text = (response.message?.content ?? []).filter((part) => part.type === 'text').map((part) => part.text ?? '').join('');
  const thinking = (response.message?.content ?? []).filter((part) => part.type === 'thinking').map((part) => part.thinking ?? '').join('');
  const reasoning = [thinking, response.message?.tool_plan ?? ''].filter((part) => part !== '').join('\n');
  const toolCalls = (response.message?.tool_calls ?? []).map((call) => ({ id: call.id ?? '', type: 'function', function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '{}' } }));
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const usage = response.usage ? convertCohereUsage(response.usage) : undefined;
  const body: Record<string, unknown> = {
    id: response.id ?? '',
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: mapCohereFinishReason(response.finish_reason), provider_specific_fields: { finish_reason: response.finish_reason ?? null, usage: response.usage ?? null } }],
  };
  if (usage) body.usage = openAIUsageBody(usage);
  return usage ? { body, usage } : { body };
}
