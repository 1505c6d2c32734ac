import { loadGatewayConfig } from '@switchboard/config';
import { createLogger, readServiceSettings, runService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

const logger = createLogger('gateway');
try {
  const settings = readServiceSettings(process.env, 4000);
  const config = loadGatewayConfig(process.argv.slice(2), process.env);
  for (const warning of config.warnings) logger.warn({ config: config.path }, `config: ${warning}`);
  if (!config.settings.masterKey) logger.warn('no master key is configured (SWITCHBOARD_MASTER_KEY): the gateway accepts every request without a key');
  logger.info({ config: config.path ?? null, deployments: config.deployments.length }, 'config loaded');
  const { service } = createGatewayApp({ config, logger });
  await runService(service, { ...settings, signals: ['SIGTERM', 'SIGINT'] });
} catch (err) {
  logger.fatal(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
