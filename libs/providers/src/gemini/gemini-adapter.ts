import type { DeploymentTarget } from '../provider.ts';
import { misconfiguredDeployment } from '../deployment/misconfigured-deployment.ts';
import { createGoogleGenerativeAdapter } from '../google-generative/google-generative-adapter.ts';

export const GEMINI_DEFAULT_API_BASE = 'https://generativelanguage.googleapis.com';

/** `api_base` may be written with or without the API version; the version is ours to choose. */
function geminiBase(target: DeploymentTarget): string {
  return (target.apiBase ?? GEMINI_DEFAULT_API_BASE).replace(/\/+$/, '').replace(/\/v1(beta)?$/, '');
}

/**
 * The Gemini API (Google AI Studio): `{base}/v1beta/models/{model}:{method}`, the key in the
 * `x-goog-api-key` header (never in the URL, where proxies and logs would keep it).
 */
export const geminiAdapter = createGoogleGenerativeAdapter({
  name: 'gemini',
  url: (target, method) => `${geminiBase(target)}/v1beta/models/${encodeURIComponent(target.model)}:${method}`,
  authHeaders(target) {
    if (!target.apiKey) {
      return Promise.reject(misconfiguredDeployment('Provider gemini needs an API key: set api_key in the deployment\'s litellm_params'));
    }
    return Promise.resolve({ 'x-goog-api-key': target.apiKey });
  },
  secrets: (target) => [target.apiKey],
  embeddings: true,
});
