import { knownProviders } from '@switchboard/providers';
import { ConfigError } from './config-error.ts';
import type { Deployment } from './gateway-config.ts';

/**
 * A wildcard deployment (`model_name: "*"` or `anthropic/*`, with `model: anthropic/*`) serves any model of its
 * provider, so the provider must be one the gateway can call; and a `*` in `model` needs one in `model_name`
 * to take its value from, or the upstream would be asked for a model literally named `*`.
 */
export function checkWildcard(deployment: Pick<Deployment, 'modelGroup' | 'provider' | 'model'>): void {
  const patternGroup = deployment.modelGroup.includes('*');
  if (!patternGroup && deployment.model.includes('*')) {
    throw new ConfigError(`model_list: "${deployment.modelGroup}" has model ${deployment.provider}/${deployment.model} with a "*" but its model_name has none (use model_name: "${deployment.provider}/*" or "*")`);
  }
  if (patternGroup && !knownProviders().includes(deployment.provider)) {
    throw new ConfigError(`model_list: wildcard "${deployment.modelGroup}" names unknown provider "${deployment.provider}" (known: ${knownProviders().join(', ')})`);
  }
}
