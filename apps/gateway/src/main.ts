import { loadGatewayConfig } from '@switchboard/config';
import { metricsTokenFromEnv, type Admit, type AdmitDeployment, type CallRecord, type KeyVerifier } from '@switchboard/data-plane';
import { closeUpstreamAgent } from '@switchboard/providers';
import { createLogger, readServiceSettings, runService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';
import { connectState, type GatewayState } from './connect-state.ts';

const logger = createLogger('gateway');
try {
  const settings = readServiceSettings(process.env, 4000);
  const config = loadGatewayConfig(process.argv.slice(2), process.env);
  for (const warning of config.warnings) logger.warn({ config: config.path }, `config: ${warning}`);
  const hasDatabase = Boolean(process.env.DATABASE_URL || process.env.DATABASE_HOST || config.settings.databaseUrl);
  if (!config.settings.masterKey && !hasDatabase) logger.warn('no master key and no database are configured: the gateway accepts every request without a key');
  logger.info({ config: config.path ?? null, deployments: config.deployments.length }, 'config loaded');
  if (config.settings.databaseUrl && !process.env.DATABASE_URL) process.env.DATABASE_URL = config.settings.databaseUrl;

  // The routes are mounted before the database and Redis are connected; these forward to the state once it is.
  let state: GatewayState | undefined;
  const verifyKey: KeyVerifier = (token, req) => (state?.verifyKey ? state.verifyKey(token, req) : Promise.resolve(undefined));
  const admit: Admit = (req, call) => (state ? state.admit(req, call) : Promise.resolve(undefined));
  const onSettled = (record: CallRecord) => state?.onSettled?.(record);
  const admitDeployment: AdmitDeployment = (deployment, call) => (state?.admitDeployment ? state.admitDeployment(deployment, call) : Promise.resolve(undefined));
  const metricsToken = metricsTokenFromEnv(process.env);
  const gateway = createGatewayApp({ config, logger, admit, admitDeployment, onSettled, ...(hasDatabase ? { verifyKey } : {}), ...(metricsToken ? { metricsToken } : {}) });
  state = await connectState(process.env, config, { router: gateway.router, priceBook: gateway.priceBook, health: gateway.service.health, metrics: gateway.metrics }, logger);
  await runService(gateway.service, {
    ...settings,
    signals: ['SIGTERM', 'SIGINT'],
    onShutdown: async () => {
      await state?.close();
      await closeUpstreamAgent();
    },
  });
} catch (err) {
  logger.fatal(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
