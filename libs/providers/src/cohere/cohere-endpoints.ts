export const COHERE_DEFAULT_API_BASE = 'https://api.cohere.com';

export type CohereOperation = 'chat' | 'embed' | 'rerank';

const PATHS: Readonly<Record<CohereOperation, string>> = { chat: '/v2/chat', embed: '/v2/embed', rerank: '/v2/rerank' };

/** `api_base` may be written with or without a version (`https://api.cohere.com/v2`); the paths carry it. */
export function cohereUrl(apiBase: string, operation: CohereOperation): string {
  return apiBase.replace(/\/+$/, '').replace(/\/v[12]$/, '') + PATHS[operation];
}
