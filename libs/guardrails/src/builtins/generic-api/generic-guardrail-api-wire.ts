import { z } from 'zod';

/** LiteLLM's generic guardrail API answer: `BLOCKED` (with a reason), `NONE`, or `GUARDRAIL_INTERVENED` with new texts. */
export const genericGuardrailApiResponseSchema = z.object({
  action: z.enum(['BLOCKED', 'NONE', 'GUARDRAIL_INTERVENED']),
  blocked_reason: z.string().nullish(),
  texts: z.array(z.string()).nullish(),
});
