import { z } from 'zod';
import { configNumber } from '../../config/config-values.ts';

/** `prompt_injection`'s parameters: the score (0..1) from which a text counts as an injection attempt. */
export const promptInjectionParamsSchema = z
  .object({
    threshold: configNumber.pipe(z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1')).optional(),
  })
  .transform((params) => ({ threshold: params.threshold ?? 0.5 }));

export type PromptInjectionParams = z.output<typeof promptInjectionParamsSchema>;
