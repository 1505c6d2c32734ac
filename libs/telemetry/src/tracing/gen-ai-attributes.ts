/**
 * Attribute names of the OpenTelemetry GenAI semantic conventions. They are still "development" status
 * (the JS package marks its incubating exports as subject to change in minor releases and recommends
 * copying them), so the names we emit are written here once.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTopP: 'gen_ai.request.top_p',
  requestTopK: 'gen_ai.request.top_k',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  requestChoiceCount: 'gen_ai.request.choice.count',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
} as const;

/** Stable HTTP, server and error attributes (semantic conventions 1.x). */
export const HTTP = {
  requestMethod: 'http.request.method',
  route: 'http.route',
  responseStatusCode: 'http.response.status_code',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
} as const;

/** Database client attributes (semantic conventions 1.x names). */
export const DB = {
  system: 'db.system',
  operation: 'db.operation',
  statement: 'db.statement',
} as const;

/** Our own attributes and events, for what no convention covers (router, cache, guardrails). */
export const SWITCHBOARD = {
  modelGroup: 'switchboard.model_group',
  deploymentId: 'switchboard.deployment.id',
  attempt: 'switchboard.attempt',
  retryEvent: 'switchboard.router.retry',
  fallbackEvent: 'switchboard.router.fallback',
  fallbackFrom: 'switchboard.fallback.from_model_group',
  fallbackTo: 'switchboard.fallback.to_model_group',
  retryDelayMs: 'switchboard.retry.delay_ms',
} as const;
