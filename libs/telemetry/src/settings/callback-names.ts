/** What a callback name in `success_callback` / `failure_callback` / `callbacks` turns on here. */
export type CallbackTarget = 'tracing' | 'langfuse' | 's3' | 'generic_api' | 'metrics';

/** The names we implement, with LiteLLM's aliases for them (`s3_v2` is its newer S3 logger, `custom_callback_api` its older webhook). */
export const IMPLEMENTED_CALLBACKS: Readonly<Record<string, CallbackTarget>> = {
  otel: 'tracing',
  opentelemetry: 'tracing',
  langfuse: 'langfuse',
  s3: 's3',
  s3_v2: 's3',
  generic_api: 'generic_api',
  custom_callback_api: 'generic_api',
  // Our Prometheus metrics are always served at /metrics: naming the callback changes nothing.
  prometheus: 'metrics',
};

/** What a warning lists as supported. */
export const SUPPORTED_CALLBACKS_TEXT = 'otel (opentelemetry), langfuse, s3 (s3_v2), generic_api (custom_callback_api), prometheus (served at /metrics)';

/**
 * Callback names LiteLLM's proxy knows that we do not implement: starting with one of them is a loud
 * warning, while a name LiteLLM does not know either is a start error (a typo must not silently log nothing).
 */
export const LITELLM_ONLY_CALLBACKS: ReadonlySet<string> = new Set([
  'agentops', 'aispend', 'aliyun_sls', 'anthropic_cache_control_hook', 'argilla', 'arize', 'arize_phoenix', 'athina',
  'aws_sqs', 'azure_sentinel', 'azure_storage', 'bedrock_vector_store', 'berrispend', 'bitbucket', 'braintrust', 'clickhouse',
  'cloudzero', 'datadog', 'datadog_llm_observability', 'deepeval', 'dotprompt', 'dynamic_rate_limiter', 'dynamic_rate_limiter_v3',
  'dynamodb', 'email', 'galileo', 'gcs_bucket', 'gcs_pubsub', 'gitlab', 'greenscale', 'helicone', 'humanloop', 'lago',
  'langfuse_otel', 'langsmith', 'langtrace', 'literalai', 'logfire', 'lunary', 'mlflow', 'openmeter', 'opik', 'pagerduty',
  'posthog', 'promptlayer', 'resend_email', 'sentry', 'slack', 'smtp_email', 'supabase', 'traceloop', 'vector_store_pre_call_hook',
  'wandb', 'weave', 'webhook',
]);
