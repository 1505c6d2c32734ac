import { z } from 'zod';

/** One result of Presidio's analyzer `POST /analyze`. */
export const presidioAnalyzerResultSchema = z
  .object({
    entity_type: z.string(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    score: z.number(),
  })
  .passthrough();

export const presidioAnalyzeResponseSchema = z.array(presidioAnalyzerResultSchema);

export type PresidioAnalyzerResult = z.output<typeof presidioAnalyzerResultSchema>;

/** Presidio's anonymizer `POST /anonymize` answer (only the fields used). */
export const presidioAnonymizeResponseSchema = z.object({ text: z.string() }).passthrough();
