import { loadGatewayConfig } from '@switchboard/config';
import { openDatabase, schedulePartitionMaintenance, spendLogRetentionDays } from '@switchboard/db';
import { managementDepsFromEnv } from '@switchboard/management';
import { createLogger, readServiceSettings, runService } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';
import { createBackendTracing } from './create-backend-tracing.ts';

const logger = createLogger('backend');
try {
  const settings = readServiceSettings(process.env, 4001);
  const argv = process.argv.slice(2);
  const config = loadGatewayConfig(argv, process.env);
  const { tracing, requests } = createBackendTracing(config, process.env, logger);
  // Never migrates: the schema is the migrations job's (DISABLE_SCHEMA_UPDATE=true in app pods).
  const database = openDatabase(process.env, { logger, applicationName: 'switchboard-backend', ...(requests ? { onQuery: requests.startQuery } : {}) });
  const partitions = schedulePartitionMaintenance(database.db, { retentionDays: spendLogRetentionDays(process.env), logger });
  const management = managementDepsFromEnv(database, process.env, argv, logger, config);
  const backend = createBackendApp(logger, { database, management, ...(requests ? { requests } : {}) });
  await runService(backend, {
    ...settings,
    signals: ['SIGTERM', 'SIGINT'],
    onShutdown: async () => {
      partitions.stop();
      await management.publisher.close();
      await management.loginAttempts?.close();
      await management.changeAlerts?.close();
      await database.close();
      await tracing.shutdown();
    },
  });
} catch (err) {
  logger.fatal({ err }, `backend failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
