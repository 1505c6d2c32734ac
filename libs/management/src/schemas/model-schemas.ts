import { z } from 'zod';
import { jsonObject, name, text } from './common.ts';

/** `litellm_params` (also `params`): `model` is required, everything else passes through, size-bounded. */
const litellmParams = jsonObject().refine((value) => typeof value.model === 'string' && value.model.length > 0 && value.model.length <= 256, 'litellm_params.model must be a non-empty string');

export const newModelSchema = z.object({ model_name: name(), litellm_params: litellmParams, model_info: jsonObject().optional() }).strict();
export type NewModelInput = z.output<typeof newModelSchema>;
export const updateModelSchema = z
  .object({ model_id: name().optional(), model_name: name().optional(), litellm_params: litellmParams.optional(), model_info: jsonObject().optional() })
  .strict();
export const deleteModelSchema = z.object({ id: name() }).strict();
export const modelInfoQuery = z.object({ litellm_model_id: name().optional(), model: text().optional() }).strict();
export const modelGroupQuery = z.object({ model_group: name().optional() }).strict();
