import type { AdmitDeployment, DeploymentSlot } from '@switchboard/contracts';
import type { Deployment } from '@switchboard/config';
import type { Limiter } from '@switchboard/limits';
import { ProviderError } from '@switchboard/providers';

/**
 * A deployment's own `rpm`/`tpm` (config `litellm_params`), counted in the shared limiter so replicas
 * together stay within what the provider allows. A full deployment answers `rate_limit`, which the router
 * treats like the provider's own 429: it cools the deployment down and tries another one.
 */
export function createDeploymentAdmit(limiter: Limiter, leaseMs = 11 * 60_000): AdmitDeployment {
  return function admitDeployment(deployment, call) {
    if (deployment.rpm === undefined && deployment.tpm === undefined) return undefined;
    return admitLimited(limiter, deployment, call, leaseMs);
  };
}

/** A deployment with an rpm or tpm: a slot from the shared limiter, or `rate_limit` when it is full. */
async function admitLimited(limiter: Limiter, deployment: Deployment, call: Parameters<AdmitDeployment>[1], leaseMs: number): Promise<DeploymentSlot> {
  const admission = await limiter.acquire({
    requestId: `${call.requestId}:${deployment.id}`,
    rate: [{ id: `deployment:${deployment.id}`, ...(deployment.rpm !== undefined ? { rpm: deployment.rpm } : {}), ...(deployment.tpm !== undefined ? { tpm: deployment.tpm } : {}) }],
    budgets: [],
    estimatedTokens: call.estimatedTokens,
    estimatedCostNano: 0,
    leaseMs,
  });
  if (!admission.allowed) {
    throw new ProviderError('rate_limit', 429, `Deployment ${deployment.id} of "${deployment.modelGroup}" is at its ${admission.reason.split(' ')[0]} across replicas`, {
      code: 'deployment_rate_limited',
      retryAfterSeconds: admission.retryAfterSeconds,
    });
  }
  return {
    release: (tokens) => {
      admission.lease.release({ tokens, costNano: 0 })?.catch(() => undefined);
    },
  };
}
