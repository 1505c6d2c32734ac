import type { Deployment } from '@switchboard/config';
import type { PassthroughProvider } from './passthrough-providers.ts';

export interface PassthroughUpstream {
  /** Base URL (origin and path prefix) the rest of the client's path is appended to. */
  base: string;
  apiKey: string;
  /** The deployment that lent the credential, if one did. */
  deploymentId?: string;
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
  const apiKey = chosen?.apiKey ?? env[provider.envKey];
  if (!apiKey) return undefined;
  const base = baseOf(chosen?.apiBase ?? provider.defaultBase, provider.baseSuffixes);
  return chosen?.apiKey ? { base, apiKey, deploymentId: chosen.id } : { base, apiKey };
}
