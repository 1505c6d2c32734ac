import { z } from 'zod';
import { httpUrl } from '../../config/config-values.ts';

const ENDPOINT_PATH = '/beta/litellm_basic_guardrail_api';

/**
 * `generic_guardrail_api`'s parameters, as LiteLLM's: `api_base` (the endpoint path is appended unless
 * present), an optional `api_key` (sent as `x-api-key`), extra `headers`, and
 * `additional_provider_specific_params` passed to the service with every call.
 */
export const genericGuardrailApiParamsSchema = z
  .object({
    api_base: httpUrl,
    api_key: z.string().optional(),
    headers: z.record(z.string(), z.string({ invalid_type_error: 'header values must be strings' })).optional(),
    additional_provider_specific_params: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((params) => ({
    url: params.api_base.replace(/\/+$/, '').endsWith(ENDPOINT_PATH) ? params.api_base.replace(/\/+$/, '') : `${params.api_base.replace(/\/+$/, '')}${ENDPOINT_PATH}`,
    headers: { ...(params.headers ?? {}), ...(params.api_key ? { 'x-api-key': params.api_key } : {}) },
    providerParams: params.additional_provider_specific_params ?? {},
  }));

export type GenericGuardrailApiParams = z.output<typeof genericGuardrailApiParamsSchema>;
