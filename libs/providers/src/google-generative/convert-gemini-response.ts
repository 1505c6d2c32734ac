import { randomUUID } from 'node:crypto';
import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';
import type { JsonResult } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import type { GeminiCandidate, GeminiResponse } from './gemini-api.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { geminiToolCallId } from './gemini-tool-call-id.ts';
import { isSafetyFinish, mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

export interface GeminiConvertOptions {
  model: string;
  created: number;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Gemini gives function calls no id (or its own): OpenAI clients need one to answer them, and it carries the thought signature. */
export function toolCallOf(call: { id?: string | null; name?: string | null; args?: unknown }, signature?: string | null): ToolCall {
  return { id: geminiToolCallId(call.id, signature), type: 'function', function: { name: call.name ?? '', arguments: JSON.stringify(call.args ?? {}) } };
}

/** Text, thought text and tool calls of one candidate. */
export function partsOfCandidate(candidate: GeminiCandidate | undefined): { text: string; reasoning: string; toolCalls: ToolCall[] } {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if (part.functionCall) toolCalls.push(toolCallOf(part.functionCall, part.thoughtSignature));
    else if (part.thought && part.text) reasoning += part.text;
    else if (part.text) text += part.text;
  }
  return { text, reasoning, toolCalls };
}

/**
 * A refusal with nothing to show: the prompt was blocked (`promptFeedback.blockReason`), or the answer
 * stopped for a safety reason before any output. The client gets a 400 content_policy error (so
 * content-policy fallbacks can run), not an empty completion. Partial output that was then stopped
 * for safety is returned with finish_reason `content_filter` instead.
 */
export function geminiRefusal(response: GeminiResponse, hasOutput: boolean): ProviderError | undefined {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) return new ProviderError('content_policy', 400, `Gemini blocked the prompt (${blockReason})${response.promptFeedback?.blockReasonMessage ? `: ${response.promptFeedback.blockReasonMessage}` : ''}`, { code: blockReason });
  const candidate = response.candidates?.[0];
  if (!hasOutput && isSafetyFinish(candidate?.finishReason)) {
    const tripped = (candidate?.safetyRatings ?? []).filter((rating) => rating.blocked).map((rating) => rating.category).join(', ');
    return new ProviderError('content_policy', 400, `Gemini stopped the answer for ${candidate?.finishReason}${tripped ? ` (${tripped})` : ''}`, { code: candidate?.finishReason ?? 'SAFETY' });
  }
  return undefined;
}

/** A generateContent response as an OpenAI chat completion (first candidate). */
export function convertGeminiResponse(response: GeminiResponse, options: GeminiConvertOptions): JsonResult {
  const candidate = response.candidates?.[0];
  const { text, reasoning, toolCalls } = partsOfCandidate(candidate);
  const refusal = geminiRefusal(response, text !== '' || toolCalls.length > 0);
  if (refusal) throw refusal;
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const usage = response.usageMetadata ? convertGeminiUsage(response.usageMetadata) : undefined;
  const body: Record<string, unknown> = {
    id: response.responseId ?? `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: options.created,
    model: response.modelVersion ?? options.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: mapGeminiFinishReason(candidate?.finishReason, toolCalls.length > 0), provider_specific_fields: { finish_reason: candidate?.finishReason ?? null } }],
  };
  if (usage) body.usage = openAIUsageBody(usage);
  return usage ? { body, usage } : { body };
}
