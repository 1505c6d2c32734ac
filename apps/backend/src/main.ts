import { createLogger, readServiceSettings, runService } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';

const logger = createLogger('backend');
try {
  const settings = readServiceSettings(process.env, 4001);
  const backend = createBackendApp(logger);
  await runService(backend, { ...settings, signals: ['SIGTERM', 'SIGINT'] });
} catch (err) {
  logger.fatal({ err }, `backend failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
