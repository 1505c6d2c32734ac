import { createLogger } from '@switchboard/service-kit';
import { runMigrations } from './run-migrations.ts';

// The one process that changes the schema (Helm pre-install/pre-upgrade Job, compose one-shot,
// `npx nx run migrations:migrate`). It never reads DISABLE_SCHEMA_UPDATE: that flag is for app pods.
process.exitCode = await runMigrations(process.env, { logger: createLogger('migrations') });
