import { z } from 'zod';

/*
 * Partial wire schemas of Bedrock's Converse, ConverseStream and InvokeModel (embeddings) responses:
 * only the fields the gateway reads, all `.nullish()`. Everything else is ignored.
 */

export const bedrockUsageSchema = z.object({
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  totalTokens: z.number().nullish(),
  cacheReadInputTokens: z.number().nullish(),
  cacheWriteInputTokens: z.number().nullish(),
});
export type BedrockUsage = z.infer<typeof bedrockUsageSchema>;

export const bedrockContentBlockSchema = z.object({
  text: z.string().nullish(),
  toolUse: z.object({ toolUseId: z.string().nullish(), name: z.string().nullish(), input: z.unknown().nullish() }).nullish(),
  reasoningContent: z.object({ reasoningText: z.object({ text: z.string().nullish(), signature: z.string().nullish() }).nullish() }).nullish(),
});
export type BedrockContentBlock = z.infer<typeof bedrockContentBlockSchema>;

export const bedrockConverseResponseSchema = z.object({
  output: z.object({ message: z.object({ role: z.string().nullish(), content: z.array(bedrockContentBlockSchema).nullish() }).nullish() }).nullish(),
  stopReason: z.string().nullish(),
  usage: bedrockUsageSchema.nullish(),
});
export type BedrockConverseResponse = z.infer<typeof bedrockConverseResponseSchema>;

/** The payload of each ConverseStream event, keyed by its `:event-type`. */
export const bedrockStreamPayloadSchemas = {
  messageStart: z.object({ role: z.string().nullish() }),
  contentBlockStart: z.object({
    contentBlockIndex: z.number().nullish(),
    start: z.object({ toolUse: z.object({ toolUseId: z.string().nullish(), name: z.string().nullish() }).nullish() }).nullish(),
  }),
  contentBlockDelta: z.object({
    contentBlockIndex: z.number().nullish(),
    delta: z
      .object({
        text: z.string().nullish(),
        toolUse: z.object({ input: z.string().nullish() }).nullish(),
        reasoningContent: z.object({ text: z.string().nullish(), signature: z.string().nullish() }).nullish(),
      })
      .nullish(),
  }),
  contentBlockStop: z.object({ contentBlockIndex: z.number().nullish() }),
  messageStop: z.object({ stopReason: z.string().nullish() }),
  metadata: z.object({ usage: bedrockUsageSchema.nullish() }),
} as const;
export type BedrockStreamEventType = keyof typeof bedrockStreamPayloadSchemas;
export type BedrockStreamEvent = { [K in BedrockStreamEventType]: { type: K; payload: z.infer<(typeof bedrockStreamPayloadSchemas)[K]> } }[BedrockStreamEventType];

/** Error bodies: `{"message": ...}` (sometimes `Message`), the type in `__type` or the `x-amzn-errortype` header. */
export const bedrockErrorBodySchema = z.object({
  message: z.string().nullish(),
  Message: z.string().nullish(),
  __type: z.string().nullish(),
});

export const titanEmbeddingSchema = z.object({ embedding: z.array(z.number()), inputTextTokenCount: z.number().nullish() });

/** Cohere on Bedrock: a list of vectors, or `{float: [...]}` when `embedding_types` was sent. */
export const cohereBedrockEmbeddingSchema = z.object({
  embeddings: z.union([z.array(z.array(z.number())), z.object({ float: z.array(z.array(z.number())) })]),
});
