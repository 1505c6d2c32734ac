import type { RequestHandler } from 'express';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { activeCallbacksView, type ActiveCallback } from './active-callbacks.ts';
import { healthServices, type ServiceChecks } from './health-services.ts';
import { requireProxyAdmin } from './require-proxy-admin.ts';
import { DEFAULT_HEALTH_CHECK_OPTIONS, runHealthChecks, type HealthCheckOptions } from './run-health-checks.ts';

export interface HealthRouteOptions extends Partial<HealthCheckOptions> {
  /** Reported as `litellm_version` by `/health/readiness/details`. */
  version: string;
  /** The response cache's type (`cache` in `/health/readiness/details`), when one is on. */
  cacheType?: string;
  /** The logging callbacks this gateway runs (`/active/callbacks`, `success_callbacks` of the readiness details). */
  callbacks?: readonly ActiveCallback[];
  /** The alerting channels on now (`["slack"]`), read per request: `/config/update` may change them. */
  alerting?: () => readonly string[];
  /** What `/health/services` tests (health-services.ts): without it, every service is one not configured. */
  services?: ServiceChecks;
}

/**
 * LiteLLM's admin health routes, next to the public probes service-kit mounts (`/health/liveliness`,
 * `/health/readiness`): `GET /health` checks each deployment with a cheap call (`?model=` narrows it to one
 * model group); `GET /health/readiness/details` is readiness with LiteLLM's fields, for any valid key;
 * `GET /active/callbacks` (admins) lists the logging callbacks this gateway runs; `GET /health/services?service=`
 * (admins) sends a test alert or a test log (health-services.ts).
 */
export function mountHealthRoutes(service: ServiceApp, deps: Pick<DataPlaneDeps, 'router' | 'adapterFor'>, auth: AuthenticateOptions, options: HealthRouteOptions): void {
  const callbacks = options.callbacks ?? [];
  const checkOptions: HealthCheckOptions = { concurrency: options.concurrency ?? DEFAULT_HEALTH_CHECK_OPTIONS.concurrency, timeoutMs: options.timeoutMs ?? DEFAULT_HEALTH_CHECK_OPTIONS.timeoutMs };
  const authn = authenticate(auth);

  const health: RequestHandler = async function deploymentHealth(req, res) {
    const model = typeof req.query.model === 'string' && req.query.model !== '' ? req.query.model : undefined;
    const groups = model ? [model] : deps.router.groupNames();
    const deployments = groups.flatMap((group) => deps.router.deploymentsOf(group));
    if (model && deployments.length === 0) throw new HttpError(400, `Invalid model name passed in model=${model}`, { type: 'invalid_request_error', code: 'model_not_found' });
    res.json(await runHealthChecks(deployments, deps.adapterFor, checkOptions));
  };

  const readinessDetails: RequestHandler = async function readinessDetails(_req, res) {
    const { ready, body } = await service.health.readiness();
    const dependencies = (body.dependencies ?? {}) as Record<string, { ok: boolean; detail: string }>;
    const database = dependencies.database;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'healthy' : 'unhealthy',
      db: database ? (database.ok ? 'connected' : `Not connected: ${database.detail}`) : 'Not connected',
      cache: options.cacheType ?? null,
      litellm_version: options.version,
      success_callbacks: callbacks.filter((callback) => callback.success).map((callback) => callback.name),
      last_updated: new Date().toISOString(),
      dependencies,
    });
  };

  service.route('get', '/health', authn, requireProxyAdmin, health);
  service.route('get', '/health/readiness/details', authn, readinessDetails);
  service.route('get', '/health/services', authn, requireProxyAdmin, healthServices(options.services ?? {}));
  service.route('get', '/active/callbacks', authn, requireProxyAdmin, function activeCallbacks(_req, res) {
    res.json(activeCallbacksView(callbacks, deps.router.currentSettings().timeoutMs / 1000, options.alerting?.() ?? []));
  });
}
