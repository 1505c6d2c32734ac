import { z } from 'zod';
import { ProviderError } from '../provider-error.ts';

/** `content_filter_results` / `innererror.content_filter_result`: per category, whether it tripped. */
const filterResultsSchema = z.record(z.object({ filtered: z.boolean().nullish(), severity: z.string().nullish(), detected: z.boolean().nullish() }).passthrough().nullish());

const errorSchema = z.object({
  error: z
    .object({
      code: z.string().nullish(),
      message: z.string().nullish(),
      innererror: z.object({ code: z.string().nullish(), content_filter_result: filterResultsSchema.nullish() }).nullish(),
    })
    .nullish(),
});

const choicesSchema = z.object({
  choices: z.array(z.object({ finish_reason: z.string().nullish(), message: z.object({ content: z.string().nullish(), tool_calls: z.array(z.unknown()).nullish() }).nullish(), content_filter_results: filterResultsSchema.nullish() })).nullish(),
  prompt_filter_results: z.array(z.object({ content_filter_results: filterResultsSchema.nullish() })).nullish(),
});

/** The categories that tripped (`hate`, `violence`, `jailbreak`, ...) with their severity when given. */
export function trippedCategories(results: z.infer<typeof filterResultsSchema> | null | undefined): string[] {
  return Object.entries(results ?? {})
    .filter(([, result]) => result?.filtered === true)
    .map(([category, result]) => (result?.severity && result.severity !== 'safe' ? `${category} (${result.severity})` : category));
}

function policyError(what: string, categories: readonly string[], code: string): ProviderError {
  const which = categories.length > 0 ? `: ${categories.join(', ')}` : '';
  return new ProviderError('content_policy', 400, `Azure OpenAI's content filter blocked the ${what}${which}`, { code });
}

/** A 400 `content_filter` error body (the prompt was filtered) as a content_policy error naming the categories. */
export function azureContentFilterError(body: unknown): ProviderError | undefined {
  const error = errorSchema.safeParse(body).data?.error;
  if (error?.code !== 'content_filter' && error?.innererror?.code !== 'ResponsibleAIPolicyViolation') return undefined;
  return policyError('prompt', trippedCategories(error?.innererror?.content_filter_result), 'content_filter');
}

/**
 * A 200 answer whose only choice was filtered before any output (`finish_reason: content_filter`, no
 * content, no tool calls) is a refusal, not an answer: it becomes a content_policy error. Partial
 * output that was then filtered passes through with its finish_reason.
 */
export function azureFilteredAnswer(body: unknown): ProviderError | undefined {
  const parsed = choicesSchema.safeParse(body).data;
  const choice = parsed?.choices?.[0];
  if (!choice || choice.finish_reason !== 'content_filter') return undefined;
  if (choice.message?.content || (choice.message?.tool_calls ?? []).length > 0) return undefined;
  return policyError('answer', trippedCategories(choice.content_filter_results), 'content_filter');
}
