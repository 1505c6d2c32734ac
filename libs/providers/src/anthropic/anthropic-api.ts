import { z } from 'zod';

/*
 * Partial wire schemas of Anthropic's Messages API responses: only the fields the gateway reads, all
 * `.nullish()` (Anthropic adds fields often and omits optional ones). Everything else is ignored.
 */

export const anthropicUsageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  output_tokens_details: z.object({ thinking_tokens: z.number().nullish() }).nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** A response content block: text, thinking, tool_use, and server-side blocks we only skip. */
export const anthropicContentBlockSchema = z.object({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().nullish(),
});
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicMessageSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(anthropicContentBlockSchema).nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

export const anthropicErrorObjectSchema = z.object({
  type: z.string().nullish(),
  message: z.string().nullish(),
});

/** `{"type":"error","error":{"type","message"},"request_id"}`: HTTP error bodies and in-stream `error` events. */
export const anthropicErrorBodySchema = z.object({
  error: anthropicErrorObjectSchema.nullish(),
  request_id: z.string().nullish(),
});

/** Every stream event in one flat shape; which fields are set depends on `type`. */
export const anthropicStreamEventSchema = z.object({
  type: z.string(),
  index: z.number().nullish(),
  message: anthropicMessageSchema.nullish(),
  content_block: anthropicContentBlockSchema.nullish(),
  delta: z
    .object({
      type: z.string().nullish(),
      text: z.string().nullish(),
      partial_json: z.string().nullish(),
      thinking: z.string().nullish(),
      stop_reason: z.string().nullish(),
      stop_sequence: z.string().nullish(),
    })
    .nullish(),
  usage: anthropicUsageSchema.nullish(),
  error: anthropicErrorObjectSchema.nullish(),
});
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

export const anthropicCountTokensSchema = z.object({ input_tokens: z.number() });
