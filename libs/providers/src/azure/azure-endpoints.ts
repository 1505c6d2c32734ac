import type { DeploymentTarget } from '../provider.ts';
import { misconfiguredDeployment as misconfigured } from '../deployment/misconfigured-deployment.ts';

/** The current GA data-plane version; a deployment's `api_version` overrides it. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

export type AzureOperation = 'chat' | 'completions' | 'embeddings' | 'images';

const PATHS: Readonly<Record<AzureOperation, string>> = {
  chat: '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
  images: '/images/generations',
};

/**
 * `{api_base}/openai/deployments/{deployment}{path}?api-version={api_version}`. The deployment name is
 * the model part of `azure/<deployment>`; `api_base` is the resource endpoint, with or without `/openai`.
 */
export function azureUrl(target: DeploymentTarget, operation: AzureOperation): string {
  if (!target.apiBase) throw misconfigured('Provider azure needs the resource endpoint: set api_base (https://<resource>.openai.azure.com) in the deployment\'s litellm_params');
  const base = target.apiBase.replace(/\/+$/, '').replace(/\/openai$/, '');
  const version = typeof target.params.api_version === 'string' && target.params.api_version !== '' ? target.params.api_version : DEFAULT_AZURE_API_VERSION;
  return `${base}/openai/deployments/${encodeURIComponent(target.model)}${PATHS[operation]}?api-version=${encodeURIComponent(version)}`;
}

/** `api-key` for a key, or `Authorization: Bearer` for an Entra ID token (`azure_ad_token`). */
export function azureAuthHeaders(target: DeploymentTarget): Record<string, string> {
  const token = target.params.azure_ad_token;
  if (typeof token === 'string' && token !== '') return { authorization: `Bearer ${token}` };
  if (target.apiKey) return { 'api-key': target.apiKey };
  throw misconfigured('Provider azure needs a credential: set api_key or azure_ad_token in the deployment\'s litellm_params');
}
