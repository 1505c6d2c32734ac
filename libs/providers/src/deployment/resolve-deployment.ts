import type { DeploymentTarget } from '../provider.ts';
import { misconfiguredDeployment as misconfigured } from './misconfigured-deployment.ts';

export interface DeploymentRequirements {
  provider: string;
  defaultApiBase?: string;
  requiresApiKey: boolean;
}

/**
 * Checks the deployment has what the provider needs and returns the API base to call: the
 * deployment's `api_base`, else the provider's default.
 */
export function resolveDeployment(target: DeploymentTarget, requirements: DeploymentRequirements): { apiBase: string } {
  const apiBase = target.apiBase ?? requirements.defaultApiBase;
  if (!apiBase) {
    throw misconfigured(`Provider ${requirements.provider} has no default API base: set api_base in the deployment's litellm_params`);
  }
  if (requirements.requiresApiKey && !target.apiKey) {
    throw misconfigured(`Provider ${requirements.provider} needs an API key: set api_key in the deployment's litellm_params`);
  }
  return { apiBase };
}
