import { z } from 'zod';
import { stringList } from '../../config/config-values.ts';

/**
 * `openai_moderation`'s parameters: the moderation model group to call (`model`, LiteLLM's name), and
 * optionally the only `categories` that block (by default any flagged category does).
 */
export const openAiModerationParamsSchema = z
  .object({
    model: z.string().min(1, 'must not be empty').optional(),
    categories: stringList.optional(),
  })
  .transform((params) => ({ model: params.model ?? 'omni-moderation-latest', categories: params.categories }));

export type OpenAiModerationParams = z.output<typeof openAiModerationParamsSchema>;
