import { z } from 'zod';
import { jsonObject, requestObject } from './common.ts';

/**
 * LiteLLM's `ConfigYAML` (the `/config/update` body): a section per key. Sections Switchboard cannot change
 * while running are refused by the handler with their names, not dropped.
 */
export const configUpdateSchema = requestObject({
  router_settings: jsonObject().optional(),
  litellm_settings: jsonObject().optional(),
  general_settings: jsonObject().optional(),
  environment_variables: jsonObject().optional(),
  model_list: z.array(z.unknown()).max(10_000).optional(),
  worker_registry: z.array(z.unknown()).max(10_000).optional(),
});
