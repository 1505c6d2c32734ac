export const ANTHROPIC_DEFAULT_API_BASE = 'https://api.anthropic.com';

export type AnthropicOperation = 'messages' | 'count_tokens';

const PATHS: Readonly<Record<AnthropicOperation, string>> = {
  messages: '/v1/messages',
  count_tokens: '/v1/messages/count_tokens',
};

/**
 * The URL of an operation below a deployment's `api_base`. LiteLLM configs write the base in three ways
 * (`https://api.anthropic.com`, `.../v1`, `.../v1/messages`); all three mean the same API root.
 */
export function anthropicUrl(apiBase: string, operation: AnthropicOperation): string {
  const root = apiBase.replace(/\/+$/, '').replace(/\/v1(?:\/messages)?$/, '');
  return root + PATHS[operation];
}
