import { z } from 'zod';

/* Partial wire schemas of Cohere's v2 chat, embed and rerank responses: only the fields read, all `.nullish()`. */

export const cohereUsageSchema = z.object({
  billed_units: z.object({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish(), search_units: z.number().nullish() }).nullish(),
  tokens: z.object({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).nullish(),
  cached_tokens: z.number().nullish(),
});
export type CohereUsage = z.infer<typeof cohereUsageSchema>;

export const cohereToolCallSchema = z.object({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export const cohereChatResponseSchema = z.object({
  id: z.string().nullish(),
  message: z
    .object({
      content: z.array(z.object({ type: z.string().nullish(), text: z.string().nullish(), thinking: z.string().nullish() })).nullish(),
      tool_plan: z.string().nullish(),
      tool_calls: z.array(cohereToolCallSchema).nullish(),
    })
    .nullish(),
  finish_reason: z.string().nullish(),
  usage: cohereUsageSchema.nullish(),
});
export type CohereChatResponse = z.infer<typeof cohereChatResponseSchema>;

/** Every v2 stream event in one flat shape; which fields are set depends on `type`. */
export const cohereStreamEventSchema = z.object({
  type: z.string(),
  id: z.string().nullish(),
  index: z.number().nullish(),
  delta: z
    .object({
      message: z
        .object({
          // `message-start` carries empty lists here; the delta events carry one object.
          content: z.union([z.object({ text: z.string().nullish(), thinking: z.string().nullish() }), z.array(z.unknown())]).nullish(),
          tool_plan: z.string().nullish(),
          tool_calls: z.union([z.object({ id: z.string().nullish(), function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish() }), z.array(z.unknown())]).nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
      usage: cohereUsageSchema.nullish(),
      error: z.string().nullish(),
    })
    .nullish(),
});
export type CohereStreamEvent = z.infer<typeof cohereStreamEventSchema>;

export const cohereErrorBodySchema = z.object({ message: z.string().nullish(), id: z.string().nullish() });

export const cohereEmbedResponseSchema = z.object({
  id: z.string().nullish(),
  embeddings: z.object({ float: z.array(z.array(z.number())).nullish() }).nullish(),
  meta: z.object({ billed_units: z.object({ input_tokens: z.number().nullish() }).nullish() }).nullish(),
});

export const cohereRerankResponseSchema = z.object({
  id: z.string().nullish(),
  results: z.array(z.object({ index: z.number(), relevance_score: z.number() })),
  meta: z.unknown().nullish(),
});
