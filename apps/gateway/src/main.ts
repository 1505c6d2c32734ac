import { loadGatewayConfig } from '@switchboard/config';
import { metricsTokenFromEnv } from '@switchboard/data-plane';
import { closeUpstreamAgent } from '@switchboard/providers';
import { createLogger, readServiceSettings, runService } from '@switchboard/service-kit';
import { createGatewayCore, mountGatewayRoutes } from './app.ts';
import { connectState } from './connect-state.ts';

const logger = createLogger('gateway');
try {
  const settings = readServiceSettings(process.env, 4000);
  const config = loadGatewayConfig(process.argv.slice(2), process.env);
  for (const warning of config.warnings) logger.warn({ config: config.path }, `config: ${warning}`);
  const hasDatabase = Boolean(process.env.DATABASE_URL || process.env.DATABASE_HOST || config.settings.databaseUrl);
  if (!config.settings.masterKey && !hasDatabase) logger.warn('no master key and no database are configured: the gateway accepts every request without a key');
  logger.info({ config: config.path ?? null, deployments: config.deployments.length }, 'config loaded');
  if (config.settings.databaseUrl && !process.env.DATABASE_URL) process.env.DATABASE_URL = config.settings.databaseUrl;

  // State first (database, Redis, caches), then the routes that use it: no route runs before its state exists.
  const metricsToken = metricsTokenFromEnv(process.env);
  const core = createGatewayCore(config, logger, metricsToken);
  const state = await connectState(process.env, config, { router: core.router, priceBook: core.priceBook, health: core.service.health, metrics: core.metrics }, logger);
  // With a database configured the gateway is never open: a key it cannot verify is refused.
  const verifyKey = hasDatabase ? (state.verifyKey ?? (async () => undefined)) : undefined;
  mountGatewayRoutes(core, { admit: state.admit, ...(state.admitDeployment ? { admitDeployment: state.admitDeployment } : {}), ...(state.onSettled ? { onSettled: state.onSettled } : {}), ...(verifyKey ? { verifyKey } : {}) });
  await runService(core.service, {
    ...settings,
    signals: ['SIGTERM', 'SIGINT'],
    onShutdown: async () => {
      await state.close();
      await closeUpstreamAgent();
    },
  });
} catch (err) {
  logger.fatal(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
