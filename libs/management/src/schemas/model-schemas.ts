import { z } from 'zod';
import { jsonObject, name, requestObject, text } from './common.ts';

/** `litellm_params` (also `params`): `model` is required, everything else passes through, size-bounded. */
const litellmParams = jsonObject().refine((value) => typeof value.model === 'string' && value.model.length > 0 && value.model.length <= 256, 'litellm_params.model must be a non-empty string');

export const newModelSchema = requestObject({ model_name: name(), litellm_params: litellmParams, model_info: jsonObject().optional() });
export type NewModelInput = z.output<typeof newModelSchema>;
export const updateModelSchema = requestObject({ model_id: name().optional(), model_name: name().optional(), litellm_params: litellmParams.optional(), model_info: jsonObject().optional() });
/** LiteLLM's PATCH /model/{model_id}/update: any of the fields, merged into the stored ones (null removes a param). */
export const patchModelSchema = requestObject({ model_name: name().optional(), litellm_params: jsonObject().optional(), model_info: jsonObject().optional() });
export const deleteModelSchema = requestObject({ id: name() });
export const modelInfoQuery = z.object({ litellm_model_id: name().optional(), model: text().optional() }).strict();
export const modelGroupQuery = z.object({ model_group: name().optional() }).strict();
