import type { Logger } from 'pino';
import type { GatewayConfig } from '@switchboard/config';
import { authenticate, GatewayMetrics, mountCacheRoutes, mountGuardrailRoutes, metricsScrapeAuth, mountAnthropicApi, mountCustomPassthrough, mountHealthRoutes, requireMasterKey, mountDataPlane, mountPassthrough, type ActiveCallback, type DataPlaneDeps, type FileStore, type ServiceChecks, BatchRunner, type BatchPrincipalOf, type BatchRunnerOptions, type BatchStore } from '@switchboard/data-plane';
import { type Admit, type AdmitDeployment, type CallRecord, type KeyVerifier } from '@switchboard/contracts';
import { PriceBook } from '@switchboard/pricing';
import type { ResponseCache } from '@switchboard/response-cache';
import type { Tracing } from '@switchboard/telemetry';
import type { GatewayAlerts } from './gateway-alerts.ts';
import type { Guardrails } from '@switchboard/guardrails';
import { adapterFor, type ProviderAdapter } from '@switchboard/providers';
import { Router } from '@switchboard/router';
import { withCustomGatewayRoutes } from '@switchboard/route-allowlist';
import { createServiceApp, HttpError, type ServiceApp } from '@switchboard/service-kit';
import { StoredPromptsSetting } from './stored-prompts-setting.ts';

/** What `/health/readiness/details` reports as `litellm_version`: the package version npm runs us with. */
const GATEWAY_VERSION = process.env.npm_package_version ?? '0.1.0';

export interface GatewayOptions {
  config: GatewayConfig;
  logger: Logger;
  verifyKey?: KeyVerifier;
  /** The limit stage (authorization, rate limits, budgets); see connect-state.ts. */
  admit?: Admit;
  /** Each attempt's deployment rpm/tpm, shared across replicas; see connect-state.ts. */
  admitDeployment?: AdmitDeployment;
  onSettled?: (record: CallRecord) => void | Promise<void>;
  /** Tests swap adapters here; production uses the registry. */
  adapterFor?: (provider: string) => ProviderAdapter;
  /** Where passthrough routes find provider keys when no deployment has one; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The response cache (connect-state.ts builds it from `litellm_settings.cache`). */
  cache?: ResponseCache;
  /** The configured guardrails (`createGuardrails`); none run without them. */
  guardrails?: Guardrails;
  /** OpenTelemetry tracing (create-telemetry.ts); spans are no-ops without it. */
  tracing?: Tracing;
  /** The config-wide logging callbacks that run (create-telemetry.ts), for `/active/callbacks`. */
  callbacks?: readonly ActiveCallback[];
  /** METRICS_TOKEN: when set, `/metrics` answers only `Authorization: Bearer <token>` (401 otherwise). */
  metricsToken?: string;
  /** The files API's store (connect-state.ts binds it to the database); the files routes answer 400 without one. */
  files?: FileStore;
  /** The batches API's store (connect-state.ts); with it the gateway runs batches (startBatchRunner). */
  batches?: BatchStore;
}

export interface Gateway {
  service: ServiceApp;
  router: Router;
  metrics: GatewayMetrics;
  priceBook: PriceBook;
}

/** What the gateway is built from before its routes: the service, router, prices and metrics (state connects to these). */
export interface GatewayCore extends Gateway {
  config: GatewayConfig;
  logger: Logger;
  /** Slack alerting (main.ts sets it once telemetry is read): the router's cooldowns go to it. */
  alerts?: GatewayAlerts;
  /** `store_prompts_in_spend_logs`, the file's until `/config/update` stores one (connect-state.ts applies it). */
  storedPrompts: StoredPromptsSetting;
}

/**
 * Config → router, prices, metrics, and `/metrics`; no data-plane route yet. `scrapeMetrics` replaces this
 * process's registry as what `/metrics` answers (a cluster worker answers for every worker).
 */
export function createGatewayCore(config: GatewayConfig, logger: Logger, metricsToken?: string, scrapeMetrics?: () => Promise<string>): GatewayCore {
  // The config's pass_through_endpoints are gateway routes too: the table they are mounted against names them.
  const service = createServiceApp('gateway', logger, { routeTable: withCustomGatewayRoutes(config.settings.passThroughEndpoints) });
  const metrics = new GatewayMetrics(config.settings.perKeyMetrics);
  const labelsOf = (d: { modelGroup: string; id: string; provider: string }) => [d.modelGroup, d.id, d.provider] as const;
  const priceBook = new PriceBook(config.settings.defaultPricePerToken);
  const router = new Router(config.router, config.deployments, {
    // A bare model name under a multi-provider "*" wildcard goes to the provider whose price table knows it.
    knowsModel: (provider, model) => priceBook.knowsModel(provider, model),
    events: {
      attempt({ deployment, ok, latencyMs, error }) {
        const counted = metrics.deploymentMetricsOf(deployment);
        counted.upstreamLatency.observe(latencyMs / 1000);
        if (ok) counted.success.inc();
        else metrics.deploymentFailure.labels(...labelsOf(deployment), error?.kind ?? 'error').inc();
      },
      cooldown(deployment) {
        metrics.deploymentCooldowns.labels(...labelsOf(deployment)).inc();
        logger.warn({ deployment: deployment.id, modelGroup: deployment.modelGroup }, 'deployment cooled down');
        core.alerts?.deploymentCooledDown(deployment, router.currentSettings().cooldownMs / 1000);
      },
      fallback(from, to) {
        metrics.fallbacks.labels(from, to).inc();
      },
    },
  });

  // Served on the gateway's own port only: the route table marks /metrics cluster-only for every front.
  const scrapeAuth = metricsToken !== undefined ? [metricsScrapeAuth(metricsToken)] : [];
  metrics.readDeploymentStatesFrom(() =>
    router.groupNames().flatMap((group) => router.deploymentsOf(group).map((deployment) => ({ labels: labelsOf(deployment), state: router.stateOf(deployment.id)?.isCoolingDown() ? 2 : 0 }))),
  );
  const scrape = scrapeMetrics ?? (() => metrics.registry.metrics());
  const storedPrompts = new StoredPromptsSetting(config.settings.storePromptsInSpendLogs, { maxStringLength: config.settings.maxStoredStringLength }, config.settings.turnOffMessageLogging);
  const core: GatewayCore = { service, router, metrics, priceBook, config, logger, storedPrompts };
  service.route('get', '/metrics', ...scrapeAuth, async (_req, res) => {
    let text: string;
    try {
      text = await scrape();
    } catch (error) {
      // Better no sample than a partial sum across workers, which Prometheus would read as a counter reset.
      throw new HttpError(503, `metrics unavailable: ${error instanceof Error ? error.message : String(error)}`, { code: 'metrics_unavailable' });
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(text);
  });
  return core;
}

/** What the data-plane routes run with: the state (keys, limits, spend), built before any route is mounted. */
export type GatewayRouteOptions = Pick<GatewayOptions, 'verifyKey' | 'admit' | 'admitDeployment' | 'onSettled' | 'adapterFor' | 'env' | 'cache' | 'tracing' | 'guardrails' | 'callbacks' | 'files' | 'batches'> & {
  /** The alerting channels on now, for `/active/callbacks`. */
  alerting?: () => readonly string[];
  /** What `/health/services` tests: the alerter and the config's logging callbacks. */
  services?: ServiceChecks;
};

/** The data-plane routes: the model calls, then provider passthrough, then the admin route listing. */
export function mountGatewayRoutes(core: GatewayCore, { verifyKey, admit, admitDeployment, onSettled, cache, tracing, guardrails, callbacks, alerting, services, files, batches, adapterFor: adapters = adapterFor, env = process.env }: GatewayRouteOptions): DataPlaneDeps {
  const { service, router, metrics, priceBook, config, logger } = core;
  const deps: DataPlaneDeps = { router, adapterFor: adapters, priceBook, metrics, logger, maxRequestBytes: config.settings.maxRequestBytes, storePayloads: undefined, ...(onSettled ? { onSettled } : {}), ...(admit ? { admit } : {}), ...(admitDeployment ? { admitDeployment } : {}), ...(cache ? { cache } : {}), ...(tracing ? { tracing } : {}), ...(guardrails && !guardrails.isEmpty ? { guardrails } : {}), ...(files ? { files } : {}), ...(batches ? { batches } : {}) };
  core.storedPrompts.attach(deps);
  const auth = { ...(config.settings.masterKey ? { masterKey: config.settings.masterKey } : {}), ...(verifyKey ? { verifyKey } : {}) };
  // Model calls first: the Azure SDK's /openai/deployments/{deployment}/... paths are model calls and must
  // win over /openai passthrough. Body parsers run per route, so passthrough still gets the raw body.
  mountDataPlane(service, deps, auth);
  mountAnthropicApi(service, deps, auth);
  const deployments = () => router.groupNames().flatMap((group) => router.deploymentsOf(group));
  mountPassthrough(service, deps, auth, { deployments, env });
  mountCustomPassthrough(service, deps, auth, config.settings.passThroughEndpoints, deployments);
  mountHealthRoutes(service, deps, auth, { version: GATEWAY_VERSION, ...(cache ? { cacheType: cache.settings.type } : {}), ...(callbacks ? { callbacks } : {}), ...(alerting ? { alerting } : {}), ...(services ? { services } : {}) });
  mountCacheRoutes(service, cache, auth, config.settings.maxRequestBytes);
  mountGuardrailRoutes(service, guardrails, auth, config.settings.maxRequestBytes);
  service.mountRouteListing(authenticate(auth), requireMasterKey);
  return deps;
}

/**
 * Runs the batches made through this gateway or any replica (batch-runner.ts), on the routes' own deps so every
 * line goes through the same pipeline as a client's call. Stop it before the state closes.
 */
export function startBatchRunner(deps: DataPlaneDeps, principalOf: BatchPrincipalOf, options: Partial<Pick<BatchRunnerOptions, 'pollMs' | 'leaseMs' | 'concurrency'>> = {}): BatchRunner | undefined {
  if (!deps.batches || !deps.files) return undefined;
  const runner = new BatchRunner(deps, { store: deps.batches, files: deps.files, principalOf, logger: deps.logger, ...options });
  deps.batchRunner = runner;
  runner.start();
  return runner;
}

/** The whole gateway in one step, with its state given (tests, and the bench's in-process runs). */
export function createGatewayApp(options: GatewayOptions): Gateway {
  const core = createGatewayCore(options.config, options.logger, options.metricsToken);
  mountGatewayRoutes(core, options);
  return core;
}
