import { countPromptTokens, countTextTokens, type Usage } from '@switchboard/providers';
import type { CallSpec } from './call-spec.ts';

/** Output text of a non-streamed OpenAI-format answer, for counting tokens when the upstream reports no usage. */
export function outputTextOf(body: Record<string, unknown>): string {
  const choices = body.choices;
  if (!Array.isArray(choices)) return '';
  let text = '';
  for (const choice of choices as { message?: { content?: unknown }; text?: unknown }[]) {
    if (typeof choice.message?.content === 'string') text += choice.message.content;
    else if (typeof choice.text === 'string') text += choice.text;
  }
  return text;
}

/** The spec's own estimate, or the tokenizer's count of the prompt and the output text. */
export function estimatedUsage(spec: CallSpec, outputText: string): Usage {
  if (spec.estimateUsage) return spec.estimateUsage(outputText);
  const promptTokens = countPromptTokens(spec.countAs, spec.body);
  const completionTokens = countTextTokens(outputText);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, estimated: true };
}
