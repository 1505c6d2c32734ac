export type { ProviderAdapter, DeploymentTarget, CallContext, JsonOperation, StreamOperation, JsonResult, StreamEvent, BinaryResult } from './provider.ts';
export { ProviderError, type ProviderErrorKind } from './provider-error.ts';
export type { Usage } from './usage.ts';
export { adapterFor, knownProviders, parseModelString, type ModelRef } from './registry.ts';
export { closeUpstreamAgent } from './http/upstream-agent.ts';
export { countPromptTokens, countTextTokens } from './tokens/count-tokens.ts';
export { OPENAI_COMPATIBLE_PROVIDERS, type OpenAICompatibleProfile, type OpenAICompatibleProviderName } from './openai-compatible/openai-compatible-providers.ts';
