import { z } from 'zod';

/*
 * Partial wire schemas of Google's generateContent / streamGenerateContent / embedContent responses
 * (the Gemini API and Vertex AI answer alike): only the fields the gateway reads, all `.nullish()`.
 */

export const geminiUsageSchema = z.object({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
});
export type GeminiUsage = z.infer<typeof geminiUsageSchema>;

export const geminiPartSchema = z.object({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  functionCall: z.object({ id: z.string().nullish(), name: z.string().nullish(), args: z.unknown().nullish() }).nullish(),
  thoughtSignature: z.string().nullish(),
});
export type GeminiPart = z.infer<typeof geminiPartSchema>;

export const geminiCandidateSchema = z.object({
  content: z.object({ parts: z.array(geminiPartSchema).nullish(), role: z.string().nullish() }).nullish(),
  finishReason: z.string().nullish(),
  index: z.number().nullish(),
  safetyRatings: z.array(z.object({ category: z.string().nullish(), probability: z.string().nullish(), blocked: z.boolean().nullish() })).nullish(),
});
export type GeminiCandidate = z.infer<typeof geminiCandidateSchema>;

export const geminiResponseSchema = z.object({
  candidates: z.array(geminiCandidateSchema).nullish(),
  promptFeedback: z.object({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() }).nullish(),
  usageMetadata: geminiUsageSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});
export type GeminiResponse = z.infer<typeof geminiResponseSchema>;

/** `{"error": {code, message, status, details}}`; details hold RetryInfo, ErrorInfo and the like. */
export const geminiErrorBodySchema = z.object({
  error: z
    .object({
      code: z.number().nullish(),
      message: z.string().nullish(),
      status: z.string().nullish(),
      details: z.array(z.object({ '@type': z.string().nullish(), retryDelay: z.string().nullish(), reason: z.string().nullish() }).passthrough()).nullish(),
    })
    .nullish(),
});

export const geminiEmbedResponseSchema = z.object({ embedding: z.object({ values: z.array(z.number()) }) });
export const geminiBatchEmbedResponseSchema = z.object({ embeddings: z.array(z.object({ values: z.array(z.number()) })) });
