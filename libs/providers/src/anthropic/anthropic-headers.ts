import type { DeploymentTarget } from '../provider.ts';
import { parseAnthropicBetas } from './anthropic-betas.ts';

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

function extraHeadersOf(params: DeploymentTarget['params']): Record<string, string> {
  const extra = params.extra_headers;
  if (typeof extra !== 'object' || extra === null) return {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * Request headers for Anthropic. Nothing from the client's request is forwarded except beta names the
 * caller already checked: the deployment's key (`x-api-key`), its `anthropic_version` (default
 * 2023-06-01) and `anthropic_beta` list, plus `extra_headers` from config.
 */
export function anthropicHeaders(target: DeploymentTarget, accept: string, clientBetas: readonly string[] = []): Record<string, string> {
  const headers: Record<string, string> = { ...extraHeadersOf(target.params), accept, 'content-type': 'application/json' };
  if (target.apiKey) headers['x-api-key'] = target.apiKey;
  const version = target.params.anthropic_version;
  headers['anthropic-version'] = typeof version === 'string' && version !== '' ? version : DEFAULT_ANTHROPIC_VERSION;
  const { betas } = parseAnthropicBetas([...parseAnthropicBetas(target.params.anthropic_beta).betas, ...clientBetas]);
  if (betas.length > 0) headers['anthropic-beta'] = betas.join(',');
  return headers;
}
