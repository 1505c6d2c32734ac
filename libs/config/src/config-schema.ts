import { z } from 'zod';
import { credentialEntrySchema } from './stored-credentials.ts';

/** Numbers may arrive as strings (an `os.environ/` reference always does). */
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;
const numeric = z.preprocess(
  (value) => (typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value),
  z.number({ invalid_type_error: 'must be a number' }),
);
const positive = numeric.pipe(z.number().positive());
const nonNegative = numeric.pipe(z.number().nonnegative());
const wholeNonNegative = numeric.pipe(z.number().int().nonnegative());
const bool = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true')]);

export const litellmParamsSchema = z
  .object({
    model: z.string().min(1, 'model is required (provider/model, e.g. openai/gpt-4o)'),
    api_key: z.string().optional(),
    api_base: z.string().url().optional(),
    base_url: z.string().url().optional(),
    rpm: positive.optional(),
    tpm: positive.optional(),
    weight: positive.optional(),
    order: wholeNonNegative.optional(),
    timeout: positive.optional(),
    stream_timeout: positive.optional(),
    max_retries: wholeNonNegative.optional(),
    /** LiteLLM's tag routing: the tags this deployment serves (`default`: requests without a matching tag). */
    tags: z.array(z.string().min(1).max(256)).max(64).optional(),
    num_retries: wholeNonNegative.optional(),
    input_cost_per_token: nonNegative.optional(),
    output_cost_per_token: nonNegative.optional(),
    output_cost_per_image: nonNegative.optional(),
    litellm_credential_name: z.string().min(1, 'litellm_credential_name must not be empty').nullish(),
  })
  .passthrough();

export const modelInfoSchema = z
  .object({
    id: z.union([z.string().min(1), z.number().transform(String)]).optional(),
    mode: z.string().optional(),
    base_model: z.string().optional(),
    input_cost_per_token: nonNegative.optional(),
    output_cost_per_token: nonNegative.optional(),
    cache_read_input_token_cost: nonNegative.optional(),
    cache_creation_input_token_cost: nonNegative.optional(),
    output_cost_per_reasoning_token: nonNegative.optional(),
    input_cost_per_character: nonNegative.optional(),
    input_cost_per_second: nonNegative.optional(),
    output_cost_per_second: nonNegative.optional(),
    minimum_billable_duration_seconds: nonNegative.optional(),
    output_cost_per_image: nonNegative.optional(),
    // A key's or team's `models` may name one of these to allow every model group in it.
    access_groups: z.array(z.string().trim().min(1, 'an access group name must not be empty'), { invalid_type_error: 'must be a list of access group names' }).optional(),
    max_input_tokens: wholeNonNegative.optional(),
    max_output_tokens: wholeNonNegative.optional(),
  })
  .passthrough();

export const deploymentSchema = z
  .object({
    model_name: z.string().min(1, 'model_name is required'),
    litellm_params: litellmParamsSchema.optional(),
    params: litellmParamsSchema.optional(),
    model_info: modelInfoSchema.optional(),
  })
  .passthrough()
  .refine((d) => d.litellm_params !== undefined || d.params !== undefined, { message: 'litellm_params (or params) is required' });

const fallbackList = z.array(z.record(z.string(), z.union([z.array(z.string()), z.string().transform((s) => [s])])));

export const routerSettingsSchema = z
  .object({
    routing_strategy: z
      .enum(['simple-shuffle', 'least-busy', 'usage-based-routing', 'usage-based-routing-v2', 'latency-based-routing', 'cost-based-routing'])
      .optional(),
    num_retries: wholeNonNegative.optional(),
    fallbacks: fallbackList.optional(),
    context_window_fallbacks: fallbackList.optional(),
    content_policy_fallbacks: fallbackList.optional(),
    default_fallbacks: z.array(z.string()).optional(),
    allowed_fails: wholeNonNegative.optional(),
    cooldown_time: nonNegative.optional(),
    timeout: positive.optional(),
    stream_timeout: positive.optional(),
    retry_after: nonNegative.optional(),
    redis_host: z.string().optional(),
    redis_port: wholeNonNegative.optional(),
    redis_password: z.string().optional(),
    redis_url: z.string().optional(),
    model_group_alias: z.record(z.string(), z.union([z.string(), z.object({ model: z.string() }).passthrough()])).optional(),
    enable_tag_filtering: bool.optional(),
  })
  .passthrough();

export const litellmSettingsSchema = z
  .object({
    drop_params: bool.optional(),
    request_timeout: positive.optional(),
    num_retries: wholeNonNegative.optional(),
    fallbacks: fallbackList.optional(),
    context_window_fallbacks: fallbackList.optional(),
    content_policy_fallbacks: fallbackList.optional(),
    default_fallbacks: z.array(z.string()).optional(),
    cache: bool.optional(),
    // null (a key written without a value) is unset, as LiteLLM reads it.
    turn_off_message_logging: bool.nullish(),
    default_price_per_token: z.object({ input: nonNegative, output: nonNegative }).optional(),
  })
  .passthrough();

export const generalSettingsSchema = z
  .object({
    master_key: z.string().optional(),
    database_url: z.string().optional(),
    store_model_in_db: bool.optional(),
    allow_requests_on_db_unavailable: bool.optional(),
    disable_spend_logs: bool.optional(),
    store_prompts_in_spend_logs: bool.nullish(),
    max_request_size_mb: positive.optional(),
    per_key_metrics: bool.optional(),
  })
  .passthrough();

export const configFileSchema = z
  .object({
    model_list: z.array(deploymentSchema).default([]),
    credential_list: z.array(credentialEntrySchema).default([]),
    router_settings: routerSettingsSchema.default({}),
    litellm_settings: litellmSettingsSchema.default({}),
    general_settings: generalSettingsSchema.default({}),
    environment_variables: z.record(z.string(), z.string()).optional(),
    // Read by the telemetry and guardrails libs, which validate them.
    callback_settings: z.unknown().optional(),
    guardrails: z.unknown().optional(),
  })
  .passthrough();

export type ConfigFile = z.infer<typeof configFileSchema>;
export type DeploymentEntry = z.infer<typeof deploymentSchema>;
