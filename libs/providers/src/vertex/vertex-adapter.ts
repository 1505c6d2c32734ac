import { createGoogleGenerativeAdapter } from '../google-generative/google-generative-adapter.ts';
import type { ProviderAdapter } from '../provider.ts';
import { googleAuthTokenSource, vertexServiceAccount, type VertexTokenSource } from './vertex-credentials.ts';
import { vertexModelUrl } from './vertex-endpoints.ts';

/**
 * Vertex AI's Gemini models: the same generateContent API as the Gemini API, under a project and
 * location, with an OAuth bearer token (service account from `vertex_credentials`, or ADC).
 * Embeddings on Vertex use a different API (`:predict`) and are not served here.
 */
export function createVertexAdapter(tokenSource: VertexTokenSource = googleAuthTokenSource): ProviderAdapter {
  return createGoogleGenerativeAdapter({
    name: 'vertex_ai',
    url: vertexModelUrl,
    authHeaders: async (target) => {
      vertexServiceAccount(target.params); // a malformed vertex_credentials is a config error, whatever the token source
      return { authorization: `Bearer ${await tokenSource(target)}` };
    },
    secrets: (target) => {
      const account = vertexServiceAccount(target.params);
      return [target.apiKey, account?.private_key, account?.private_key_id as string | undefined];
    },
    embeddings: false,
  });
}

export const vertexAdapter = createVertexAdapter();
