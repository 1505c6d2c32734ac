import type { OpenAIOperation } from '../openai-wire/openai-endpoints.ts';
import type { StreamOperation } from '../provider.ts';

/** How one OpenAI-compatible upstream differs from OpenAI. Plain data: adding a provider is a row. */
export interface OpenAICompatibleProfile {
  /** Absent: every deployment must set `api_base` (self-hosted servers). */
  defaultApiBase?: string;
  requiresApiKey: boolean;
  operations: readonly OpenAIOperation[];
  streamOperations: readonly StreamOperation[];
  /**
   * Whether the upstream accepts `stream_options.include_usage`. When false the option is not sent;
   * usage the upstream sends on its own is still used, and a stream that ends without any is counted
   * with our tokenizer (marked estimated). Unsure entries are false: a rejected request is worse
   * than an estimate.
   */
  streamOptions: boolean;
  /** Request fields the upstream rejects: removed before sending, each with a warning. */
  unsupportedParams: readonly string[];
  /** xAI reports reasoning tokens outside `completion_tokens`. */
  reasoningExcludedFromCompletion?: boolean;
}

const TEXT_AND_EMBEDDINGS = {
  operations: ['chat', 'completions', 'embeddings'],
  streamOperations: ['chat', 'completions'],
} as const;

const PROFILES = {
  groq: {
    defaultApiBase: 'https://api.groq.com/openai/v1',
    requiresApiKey: true,
    operations: ['chat', 'audio_transcriptions', 'audio_translations'],
    streamOperations: ['chat'],
    streamOptions: true,
    // Groq answers 400 when these are present (documented as unsupported).
    unsupportedParams: ['logprobs', 'top_logprobs', 'logit_bias'],
  },
  mistral: {
    defaultApiBase: 'https://api.mistral.ai/v1',
    requiresApiKey: true,
    operations: ['chat', 'embeddings'],
    streamOperations: ['chat'],
    // Mistral sends usage in its last chunk unasked and rejects fields it does not know.
    streamOptions: false,
    unsupportedParams: ['stream_options', 'logit_bias', 'logprobs', 'top_logprobs'],
  },
  deepseek: {
    defaultApiBase: 'https://api.deepseek.com/v1',
    requiresApiKey: true,
    operations: ['chat', 'completions'],
    streamOperations: ['chat', 'completions'],
    streamOptions: true,
    unsupportedParams: [],
  },
  together_ai: {
    defaultApiBase: 'https://api.together.xyz/v1',
    requiresApiKey: true,
    operations: ['chat', 'completions', 'embeddings', 'images'],
    streamOperations: ['chat', 'completions'],
    streamOptions: false,
    unsupportedParams: [],
  },
  fireworks_ai: {
    defaultApiBase: 'https://api.fireworks.ai/inference/v1',
    requiresApiKey: true,
    ...TEXT_AND_EMBEDDINGS,
    streamOptions: false,
    unsupportedParams: [],
  },
  openrouter: {
    defaultApiBase: 'https://openrouter.ai/api/v1',
    requiresApiKey: true,
    operations: ['chat', 'completions'],
    streamOperations: ['chat', 'completions'],
    streamOptions: true,
    unsupportedParams: [],
  },
  xai: {
    defaultApiBase: 'https://api.x.ai/v1',
    requiresApiKey: true,
    operations: ['chat', 'images'],
    streamOperations: ['chat'],
    streamOptions: true,
    unsupportedParams: [],
    reasoningExcludedFromCompletion: true,
  },
  perplexity: {
    defaultApiBase: 'https://api.perplexity.ai',
    requiresApiKey: true,
    operations: ['chat'],
    streamOperations: ['chat'],
    streamOptions: false,
    // No function calling or logprobs on Perplexity's chat API.
    unsupportedParams: ['tools', 'tool_choice', 'logit_bias', 'logprobs', 'top_logprobs'],
  },
  cerebras: {
    defaultApiBase: 'https://api.cerebras.ai/v1',
    requiresApiKey: true,
    operations: ['chat', 'completions'],
    streamOperations: ['chat', 'completions'],
    streamOptions: false,
    unsupportedParams: ['frequency_penalty', 'presence_penalty', 'logit_bias'],
  },
  hosted_vllm: {
    requiresApiKey: false,
    ...TEXT_AND_EMBEDDINGS,
    streamOptions: true,
    unsupportedParams: [],
  },
  ollama: {
    defaultApiBase: 'http://localhost:11434/v1',
    requiresApiKey: false,
    ...TEXT_AND_EMBEDDINGS,
    streamOptions: true,
    unsupportedParams: [],
  },
  lm_studio: {
    defaultApiBase: 'http://localhost:1234/v1',
    requiresApiKey: false,
    ...TEXT_AND_EMBEDDINGS,
    streamOptions: false,
    unsupportedParams: [],
  },
} as const satisfies Record<string, OpenAICompatibleProfile>;

export type OpenAICompatibleProviderName = keyof typeof PROFILES;

export const OPENAI_COMPATIBLE_PROVIDERS: Readonly<Record<OpenAICompatibleProviderName, OpenAICompatibleProfile>> = PROFILES;
