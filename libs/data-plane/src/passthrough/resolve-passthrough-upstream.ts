import type { Deployment } from '@switchboard/config';
import { deploymentSecrets, vertexLocation, type DeploymentTarget } from '@switchboard/providers';
import type { PassthroughProvider } from './passthrough-providers.ts';

export interface PassthroughUpstream {
  /** Base URL (origin and path prefix) the rest of the client's path is appended to. */
  base: string;
  /** The key to inject; for `google-oauth` rows, filled with a fresh token just before forwarding. */
  apiKey: string;
  /** For `google-oauth` rows: the deployment the token is made for. */
  tokenTarget?: DeploymentTarget;
  /** The deployment that lent the credential, if one did. */
  deploymentId?: string;
  /** Credentials besides `apiKey` (the lending deployment's) that must never reach the client. */
  secrets: readonly string[];
}

function baseOf(apiBase: string, suffixes: readonly string[]): string {
  const trimmed = apiBase.replace(/\/+$/, '');
  const suffix = suffixes.find((ending) => trimmed.endsWith(ending));
  return suffix ? trimmed.slice(0, -suffix.length) : trimmed;
}

/**
 * Which key and base URL a passthrough request uses: the provider's first deployment marked
 * `use_in_pass_through: true`, else its first deployment, else the provider's env key with its default
 * base. Undefined when there is no key at all (the gateway never forwards without one).
 */
export function resolvePassthroughUpstream(provider: PassthroughProvider, deployments: readonly Deployment[], env: Readonly<Record<string, string | undefined>>): PassthroughUpstream | undefined {
  const candidates = deployments.filter((deployment) => deployment.provider === provider.provider);
  const chosen = candidates.find((deployment) => deployment.params.use_in_pass_through === true) ?? candidates[0];
  if (provider.tokenSource === 'google-oauth') return googleOAuthUpstream(chosen, env);
  const apiKey = chosen?.apiKey ?? env[provider.envKey];
  const configuredBase = chosen?.apiBase ?? (provider.envBase ? env[provider.envBase] : undefined) ?? provider.defaultBase;
  if (!apiKey || !configuredBase) return undefined;
  const base = baseOf(configuredBase, provider.baseSuffixes);
  return chosen?.apiKey ? { base, apiKey, deploymentId: chosen.id, secrets: deploymentSecrets(chosen) } : { base, apiKey, secrets: [] };
}

/**
 * Vertex AI: the deployment's project settings pick the regional host (the client's path names the
 * project and location itself); the token comes later, from its credentials or ADC. Without a
 * deployment, ADC and VERTEXAI_LOCATION/GOOGLE_CLOUD_PROJECT are used.
 */
function googleOAuthUpstream(chosen: Deployment | undefined, env: Readonly<Record<string, string | undefined>>): PassthroughUpstream | undefined {
  const tokenTarget: DeploymentTarget = {
    provider: 'vertex_ai',
    model: chosen?.model ?? '',
    timeoutMs: chosen?.timeoutMs ?? 600_000,
    params: chosen?.params ?? {},
    ...(chosen?.apiBase !== undefined ? { apiBase: chosen.apiBase } : {}),
  };
  let base: string;
  try {
    base = vertexLocation(tokenTarget, env).base;
  } catch {
    return undefined; // no project known: nothing is configured for Vertex AI
  }
  return { base, apiKey: '', tokenTarget, secrets: chosen ? deploymentSecrets(chosen) : [], ...(chosen ? { deploymentId: chosen.id } : {}) };
}
