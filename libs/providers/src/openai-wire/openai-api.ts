import { z } from 'zod';

/*
 * Partial wire schemas: only the fields the gateway reads, all `.nullish()` because OpenAI-compatible
 * upstreams omit or null them freely. Everything else in a body passes through untouched.
 */

/** Chat Completions / Completions / Embeddings usage (plus DeepSeek's own cache field). */
export const openaiChatUsageSchema = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
  prompt_cache_hit_tokens: z.number().nullish(),
});
export type OpenAIChatUsage = z.infer<typeof openaiChatUsageSchema>;

/** Responses API usage (also what gpt-image and gpt-4o-transcribe report). */
export const openaiResponsesUsageSchema = z.object({
  input_tokens: z.number(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  input_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
  output_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
});
export type OpenAIResponsesUsage = z.infer<typeof openaiResponsesUsageSchema>;

/** A response body carrying usage; Groq repeats it under `x_groq` (and older Groq streams only there). */
export const openaiUsageCarrierSchema = z.object({
  usage: z.unknown().nullish(),
  x_groq: z.object({ usage: z.unknown().nullish() }).nullish(),
});

/** The `error` object of OpenAI's error body and of in-stream error events. */
export const openaiErrorObjectSchema = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  param: z.string().nullish(),
});
export type OpenAIErrorObject = z.infer<typeof openaiErrorObjectSchema>;

/**
 * Error bodies: OpenAI nests `{error: {...}}`; Mistral and vLLM put the same fields at the top level;
 * some servers send `{error: "text"}` or FastAPI's `{detail: ...}`.
 */
export const openaiErrorBodySchema = openaiErrorObjectSchema.extend({
  error: z.union([z.string(), openaiErrorObjectSchema]).nullish(),
  detail: z.unknown().nullish(),
});

/** Responses API stream events the gateway looks into (the type names come from OpenAI's docs). */
export const openaiResponsesEventSchema = z.object({
  type: z.string(),
  response: z.object({ usage: z.unknown().nullish() }).nullish(),
  error: openaiErrorObjectSchema.nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  param: z.string().nullish(),
});
