import type { Deployment } from '@switchboard/config';
import type { HealthCheckResult } from './check-deployment-health.ts';

/** `api_base` as an origin only: a base URL may carry userinfo or a `?key=` query, neither may be shown. */
export function apiBaseOrigin(apiBase: string | undefined): string | undefined {
  if (!apiBase) return undefined;
  try {
    const url = new URL(apiBase);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One entry of LiteLLM's `healthy_endpoints` / `unhealthy_endpoints`. LiteLLM lists the deployment's
 * `litellm_params` minus the key; here only named, non-secret fields are listed (model, group, id, the
 * api_base's origin), so no new param can ever leak a credential.
 */
export function healthEndpointOf(deployment: Deployment, result: HealthCheckResult): Record<string, unknown> {
  const origin = apiBaseOrigin(deployment.apiBase);
  return {
    model: `${deployment.provider}/${deployment.model}`,
    model_name: deployment.modelGroup,
    model_id: deployment.id,
    ...(origin ? { api_base: origin } : {}),
    latency_ms: result.latencyMs,
    ...(result.ok ? {} : { error: result.error }),
  };
}
