import cluster from 'node:cluster';
import { dirname } from 'node:path';
import { loadGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { clusterMetricsWorker, metricsTokenFromEnv, moderateThroughGateway, type ClusterMetricsWorker } from '@switchboard/data-plane';
import { createGuardrails } from '@switchboard/guardrails';
import { redisUrlFromEnv } from '@switchboard/limits';
import { closeUpstreamAgent, preloadO200k } from '@switchboard/providers';
import { createLogger, readServiceSettings, reportWorkerReady, runService } from '@switchboard/service-kit';
import { createGatewayCore, mountGatewayRoutes, startBatchRunner } from './app.ts';
import { connectState } from './connect-state.ts';
import { createAlerting } from './create-alerting.ts';
import { createTelemetry } from './create-telemetry.ts';
import { runGatewayWorkers } from './run-gateway-workers.ts';
import { orphanJournalDirs } from './orphan-journal-dirs.ts';
import { readWorkerSettings, refuseLocalLimits, spendJournalBase } from './worker-settings.ts';

const workerId = cluster.isWorker ? Number(process.env.GATEWAY_WORKER_ID) : undefined;
const logger = workerId === undefined ? createLogger('gateway') : createLogger('gateway').child({ worker: workerId });
try {
  const settings = readServiceSettings(process.env, 4000);
  const config = loadGatewayConfig(process.argv.slice(2), process.env);
  const workers = readWorkerSettings(process.env);
  if (cluster.isPrimary && workers.workers > 1) {
    // The primary only supervises (run-gateway-workers.ts); every worker runs the composition below.
    refuseLocalLimits(workers, Boolean(redisUrlFromEnv(process.env) ?? config.router.redisUrl));
    await runGatewayWorkers(workers.workers, settings, process.env, logger);
  } else {
    for (const warning of config.warnings) logger.warn({ config: config.path }, `config: ${warning}`);
    const hasDatabase = Boolean(process.env.DATABASE_URL || process.env.DATABASE_HOST || config.settings.databaseUrl);
    if (!config.settings.masterKey && !hasDatabase) logger.warn('no master key and no database are configured: the gateway accepts every request without a key');
    logger.info({ config: config.path ?? null, deployments: config.deployments.length }, 'config loaded');
    if (config.settings.databaseUrl && !process.env.DATABASE_URL) process.env.DATABASE_URL = config.settings.databaseUrl;

    // State first (database, Redis, caches), then the routes that use it: no route runs before its state exists.
    const metricsToken = metricsTokenFromEnv(process.env);
    // A worker's /metrics answers for every worker: the primary merges them (cluster-metrics/).
    let clusterMetrics: ClusterMetricsWorker | undefined;
    const core = createGatewayCore(config, logger, metricsToken, workerId === undefined ? undefined : () => (clusterMetrics as ClusterMetricsWorker).scrape());
    if (workerId !== undefined) {
      clusterMetrics = clusterMetricsWorker(core.metrics.registry, { workerId, perWorker: { name: 'switchboard_worker_requests_total', help: 'Data-plane requests answered, by gateway worker', from: 'switchboard_requests_total' } });
    }
    // Journals a change of GATEWAY_WORKERS left without an owner are replayed by this process or worker 1.
    const journalBase = workerId === undefined ? spendJournalBase(process.env) : dirname(spendJournalBase(process.env));
    const adoptJournalDirs = orphanJournalDirs(journalBase, workers.workers, workerId);
    // Telemetry settings are checked before any connection is made: a bad one stops the start here.
    const telemetry = createTelemetry(config, process.env, logger, core.metrics);
    const alerts = createAlerting(config, process.env, logger, core.metrics);
    core.alerts = alerts;
    // The guardrails list is checked at start too (GuardrailConfigError names the entry and field).
    const guardrails = createGuardrails(config.sections.guardrails ?? config.sections.litellmSettings.guardrails, { moderate: moderateThroughGateway });
    for (const warning of guardrails.warnings) logger.warn(`guardrails: ${warning}`);
    const state = await connectState(process.env, config, { router: core.router, priceBook: core.priceBook, health: core.service.health, metrics: core.metrics, alerts, storedPrompts: core.storedPrompts }, logger, { adoptJournalDirs });
    // With a database configured the gateway is never open: a key it cannot verify is refused.
    const verifyKey = hasDatabase ? (state.verifyKey ?? (async () => undefined)) : undefined;
    // The logging callbacks take the same settled record as the spend row, off the request path.
    const onSettled = (record: CallRecord) => {
      telemetry.logCall(record);
      alerts.callSettled(record);
      return state.onSettled?.(record);
    };
    // Token counts (tpm reservations, estimates for streams cut short) would otherwise load the tokenizer's
    // ranks inside the first request that needs them.
    preloadO200k();
    const deps = mountGatewayRoutes(core, { admit: state.admit, ...(state.admitDeployment ? { admitDeployment: state.admitDeployment } : {}), onSettled, tracing: telemetry.tracing, callbacks: telemetry.callbacks, alerting: () => (alerts.alerter.settings ? ['slack'] : []), services: { alerter: alerts.alerter, testCallback: telemetry.testCallback }, guardrails, ...(state.cache ? { cache: state.cache } : {}), ...(state.files ? { files: state.files } : {}), ...(state.batches ? { batches: state.batches.store } : {}), ...(verifyKey ? { verifyKey } : {}) });
    const batchRunner = state.batches ? startBatchRunner(deps, state.batches.principalOf) : undefined;
    await runService(core.service, {
      ...settings,
      signals: ['SIGTERM', 'SIGINT'],
      onShutdown: async () => {
        // Lines in flight finish (each keeps its answer); the rest wait for the next runner to take the batch.
        await batchRunner?.stop();
        await state.close();
        await telemetry.shutdown();
        await alerts.close();
        await closeUpstreamAgent();
      },
    });
    reportWorkerReady();
  }
} catch (err) {
  logger.fatal(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
