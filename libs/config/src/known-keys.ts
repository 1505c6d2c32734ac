/**
 * Keys the reference config format defines, per section. Keys outside these lists are reported as
 * warnings at startup (never silently dropped); keys listed but not acted on yet are in IGNORED_KEYS
 * so the warning can say so.
 */
export const TOP_LEVEL_KEYS = ['model_list', 'credential_list', 'router_settings', 'litellm_settings', 'general_settings', 'environment_variables', 'include', 'callback_settings', 'guardrails'];

export const DEPLOYMENT_KEYS = ['model_name', 'litellm_params', 'params', 'model_info'];

export const LITELLM_PARAMS_KEYS = [
  'model', 'api_key', 'api_base', 'base_url', 'api_version', 'organization', 'rpm', 'tpm', 'weight', 'order', 'timeout', 'stream_timeout',
  'max_retries', 'num_retries', 'output_cost_per_image', 'max_tokens', 'temperature', 'extra_headers', 'headers', 'custom_llm_provider', 'drop_params', 'additional_drop_params',
  'input_cost_per_token', 'output_cost_per_token', 'region_name', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token',
  'aws_region_name', 'aws_profile_name', 'aws_role_name', 'aws_bedrock_runtime_endpoint', 'vertex_project', 'vertex_location', 'vertex_credentials',
  'azure_ad_token', 'tenant_id', 'client_id', 'client_secret', 'azure_ad_token_provider', 'use_in_pass_through', 'mock_response',
  'mock_timeout', 'mock_latency_ms', 'mock_ttft_ms', 'mock_chunk_delay_ms', 'mock_chunks', 'mock_error_status', 'mock_error_message', 'mock_embedding_dims', 'tags',
  'litellm_credential_name',
];

export const MODEL_INFO_KEYS = [
  'id', 'mode', 'base_model', 'input_cost_per_token', 'output_cost_per_token', 'cache_read_input_token_cost', 'cache_creation_input_token_cost',
  'output_cost_per_reasoning_token', 'input_cost_per_second', 'output_cost_per_second', 'output_cost_per_image', 'input_cost_per_audio_token',
  'input_cost_per_character', 'minimum_billable_duration_seconds',
  'max_tokens', 'max_input_tokens', 'max_output_tokens', 'supports_function_calling', 'supports_vision', 'supports_response_schema',
  'supports_prompt_caching', 'supports_reasoning', 'description', 'team_id', 'db_model', 'access_groups', 'tier', 'health_check_model',
];

export const ROUTER_SETTINGS_KEYS = [
  'routing_strategy', 'num_retries', 'fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks', 'default_fallbacks', 'allowed_fails',
  'cooldown_time', 'timeout', 'stream_timeout', 'retry_after', 'redis_host', 'redis_port', 'redis_password', 'redis_url', 'model_group_alias',
  'enable_pre_call_checks', 'enable_tag_filtering', 'routing_strategy_args', 'disable_cooldowns', 'allowed_fails_policy', 'retry_policy', 'cache_responses',
];

export const LITELLM_SETTINGS_KEYS = [
  'drop_params', 'request_timeout', 'cache', 'cache_params', 'num_retries', 'fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks',
  'default_fallbacks', 'set_verbose', 'json_logs', 'success_callback', 'failure_callback', 'callbacks', 'max_budget', 'budget_duration',
  'default_price_per_token', 'modify_params', 'telemetry', 'turn_off_message_logging', 'redact_user_api_key_info', 's3_callback_params',
  'forward_traceparent_to_llm_provider', 'default_team_settings',
];

export const GENERAL_SETTINGS_KEYS = [
  'master_key', 'database_url', 'store_model_in_db', 'allow_requests_on_db_unavailable', 'disable_spend_logs', 'max_request_size_mb',
  'max_response_size_mb', 'proxy_batch_write_at', 'database_connection_pool_limit', 'database_connection_timeout', 'alerting', 'alert_types',
  'alert_to_webhook_url', 'alerting_threshold', 'alerting_args', 'ui_access_mode',
  'store_prompts_in_spend_logs', 'maximum_spend_logs_retention_period', 'public_routes', 'allowed_routes', 'admin_only_routes',
  'background_health_checks', 'health_check_interval', 'default_team_settings', 'spend_log_retention_days', 'per_key_metrics',
  'pass_through_endpoints', 'logging_destination_allowlist', 'disable_master_key_ui_login',
];

export function unknownKeys(value: unknown, known: readonly string[], path: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => `${path ? `${path}.` : ''}${key}: unknown setting, ignored`);
}
