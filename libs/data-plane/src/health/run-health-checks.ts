import type { Deployment } from '@switchboard/config';
import type { ProviderAdapter } from '@switchboard/providers';
import { checkDeploymentHealth, UNCHECKED_MODES } from './check-deployment-health.ts';
import { healthEndpointOf } from './health-endpoint-of.ts';

export interface HealthCheckOptions {
  /** Checks in flight at once (LiteLLM's health_check_concurrency). */
  concurrency: number;
  /** Per-check limit. */
  timeoutMs: number;
}

export const DEFAULT_HEALTH_CHECK_OPTIONS: HealthCheckOptions = { concurrency: 8, timeoutMs: 15_000 };

/** LiteLLM's `/health` answer. */
export interface HealthReport {
  healthy_endpoints: Record<string, unknown>[];
  unhealthy_endpoints: Record<string, unknown>[];
  healthy_count: number;
  unhealthy_count: number;
}

/**
 * Checks every deployment, at most `concurrency` at a time (a gateway with 200 deployments must not open
 * 200 upstream calls at once), and answers in the deployments' order. Modes with no cheap call, and wildcard
 * deployments, are left out.
 */
export async function runHealthChecks(deployments: readonly Deployment[], adapterFor: (provider: string) => ProviderAdapter, options: HealthCheckOptions): Promise<HealthReport> {
  // A wildcard deployment (`model: anthropic/*`) names no model to call: it is checked through the names it serves.
  const checked = deployments.filter((deployment) => !UNCHECKED_MODES.has(String(deployment.modelInfo.mode ?? '')) && !deployment.model.includes('*'));
  const results = new Array<Record<string, unknown> & { healthy: boolean }>(checked.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < checked.length; i = next++) {
      const deployment = checked[i] as Deployment;
      let adapter: ProviderAdapter | undefined;
      try {
        adapter = adapterFor(deployment.provider);
      } catch {
        adapter = undefined;
      }
      const result = adapter ? await checkDeploymentHealth(deployment, adapter, options.timeoutMs) : { ok: false as const, latencyMs: 0, error: `unknown provider ${deployment.provider}` };
      results[i] = { ...healthEndpointOf(deployment, result), healthy: result.ok };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, checked.length)) }, worker));
  const healthy = results.filter((entry) => entry.healthy).map(({ healthy: _healthy, ...entry }) => entry);
  const unhealthy = results.filter((entry) => !entry.healthy).map(({ healthy: _healthy, ...entry }) => entry);
  return { healthy_endpoints: healthy, unhealthy_endpoints: unhealthy, healthy_count: healthy.length, unhealthy_count: unhealthy.length };
}
