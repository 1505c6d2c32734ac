/**
 * The request fields of OpenAI's chat completions API a client sets (its API reference), less the two every call
 * has (`model`, `messages`) and `metadata`, which LiteLLM clients send for the gateway's logs. What an adapter
 * answers for LiteLLM's `/utils/supported_openai_params` is this list, or the part of it the adapter sends on.
 */
export const OPENAI_CHAT_PARAMS: readonly string[] = [
  'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs', 'max_completion_tokens', 'max_tokens',
  'modalities', 'n', 'parallel_tool_calls', 'prediction', 'presence_penalty', 'prompt_cache_key', 'reasoning_effort',
  'response_format', 'safety_identifier', 'seed', 'service_tier', 'stop', 'store', 'stream', 'stream_options', 'temperature',
  'tool_choice', 'tools', 'top_logprobs', 'top_p', 'user', 'verbosity', 'web_search_options',
];

/** OpenAI's chat fields without the ones an upstream refuses (an OpenAI-compatible provider's unsupportedParams). */
export function openAIChatParamsWithout(unsupported: readonly string[]): readonly string[] {
  return OPENAI_CHAT_PARAMS.filter((param) => !unsupported.includes(param));
}

/**
 * OpenAI's chat fields a translating adapter maps (its known fields): `n` is not among them, because every
 * translating adapter returns one choice and refuses any other `n`.
 */
export function translatedChatParams(known: ReadonlySet<string>): readonly string[] {
  return OPENAI_CHAT_PARAMS.filter((param) => param !== 'n' && known.has(param));
}
