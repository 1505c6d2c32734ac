import { createLogger, readServiceSettings, runService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

const logger = createLogger('gateway');
try {
  const settings = readServiceSettings(process.env, 4000);
  const gateway = createGatewayApp(logger);
  await runService(gateway, { ...settings, signals: ['SIGTERM', 'SIGINT'] });
} catch (err) {
  logger.fatal({ err }, `gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
