import { setTimeout as sleep } from 'node:timers/promises';
import { databasePoolConfigs } from '@switchboard/db-url';
import { DatabaseNotConfiguredError, ensureSearchPathSchema, findMigrationsFolder, lastAppliedMigrationAt, migrationsSchemaFor } from '@switchboard/db';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { readJournal, type JournalEntry } from './read-journal.ts';

/** Any constant, as long as every migrations job uses the same one. */
const MIGRATION_LOCK = 7353811420500;

/**
 * Test hook (MIGRATIONS_TEST_HOLD_MS): keeps this job inside the lock until another session waits for it,
 * at most `maxMs`, so a test can overlap two jobs without guessing how long the second one takes to start.
 */
async function holdUntilAnotherJobWaits(client: Client, maxMs: number): Promise<void> {
  const giveUpAt = Date.now() + maxMs;
  while (Date.now() < giveUpAt) {
    const { rows } = await client.query<{ waiting: boolean }>(
      "select exists (select 1 from pg_locks where locktype = 'advisory' and not granted and objsubid = 1 and ((classid::bigint << 32) | objid::bigint) = $1) as waiting",
      [MIGRATION_LOCK],
    );
    if (rows[0]?.waiting) return;
    await sleep(50);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function messageOf(err: unknown): string {
  // drizzle wraps driver errors in "Failed query: <sql>"; the driver's own message is the useful part.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Applies the pending migrations once, however many jobs start at the same time (a rolling deploy, a
 * retried Job): each takes a PostgreSQL advisory lock on the connection that then runs the migrations
 * (advisory locks belong to a session), and whoever comes second finds nothing pending. Returns the exit
 * code: 0 when the schema is current, 1 with a logged reason otherwise.
 */
export async function runMigrations(env: Env, { logger }: { logger: Logger }): Promise<number> {
  let client: Client | undefined;
  try {
    const migrationsFolder = findMigrationsFolder(env);
    const journal = readJournal(migrationsFolder);
    const config = databasePoolConfigs(env, { warn: (message) => logger.warn(message) }).writer;
    if (!config) throw new DatabaseNotConfiguredError();

    client = new Client({ application_name: 'switchboard-migrations', connectionTimeoutMillis: 30_000, ...config });
    client.on('error', (err) => logger.warn({ error: err.message }, 'migration connection reported an error'));
    await client.connect();

    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [MIGRATION_LOCK]);
    if (!rows[0]?.locked) {
      logger.info('another migrations job holds the migration lock; waiting for it to finish');
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    }
    logger.info({ migrationsFolder }, 'migration lock taken');
    const holdMs = Number(env.MIGRATIONS_TEST_HOLD_MS ?? 0);
    if (holdMs > 0) await holdUntilAnotherJobWaits(client, holdMs);

    const db = drizzle({ client });
    const createdSchema = await ensureSearchPathSchema(db);
    if (createdSchema) logger.info({ schema: createdSchema }, `created schema ${createdSchema} (DATABASE_SCHEMA)`);

    const migrationsSchema = await migrationsSchemaFor(db);
    const last = await lastAppliedMigrationAt(db, migrationsSchema);
    const pending: JournalEntry[] = journal.filter((entry) => last === undefined || entry.when > last);
    if (pending.length === 0) {
      const newest = journal.at(-1)?.when ?? 0;
      if (last !== undefined && last > newest) logger.warn('the database has migrations newer than this release; leaving it as it is');
      logger.info('no pending migrations');
    } else {
      logger.info({ pending: pending.map((entry) => entry.tag) }, `applying ${pending.length} migration(s)`);
      await migrate(db, { migrationsFolder, migrationsSchema });
      logger.info({ applied: pending.map((entry) => entry.tag) }, `applied ${pending.length} migration(s)`);
    }
    return 0;
  } catch (err) {
    logger.error({ error: messageOf(err) }, `migrations failed: ${messageOf(err)}`);
    return 1;
  } finally {
    // Ending the session releases the advisory lock.
    await client?.end().catch(() => undefined);
  }
}
