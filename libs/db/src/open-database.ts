import { databasePoolConfigs, type DatabaseEnv } from '@switchboard/db-url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool, type PoolConfig } from 'pg';
import { z } from 'zod';
import { createCredentialCipher, type CredentialCipher } from './credentials/credential-cipher.ts';
import type { Database } from './database.ts';
import { probePool, type DatabaseState } from './database-state.ts';
import { DatabaseNotConfiguredError } from './errors.ts';
import { observeQueries, type QueryObserver } from './observe-queries.ts';

/** Any pino logger fits. */
export interface DatabaseLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface OpenDatabaseOptions {
  logger: DatabaseLogger;
  /** Shown in pg_stat_activity, e.g. `switchboard-backend`. */
  applicationName?: string;
  /** Bound on the readiness probe. */
  checkTimeoutMs?: number;
  /** Sees every query's statement (tracing); absent, the connections are left unwrapped. */
  onQuery?: QueryObserver;
}

export interface OpenedDatabase {
  /** drizzle over the writer pool. */
  readonly db: Database;
  /** drizzle over the read replica when one is configured, else the same as `db`: for analytics reads. */
  readonly reader: Database;
  readonly pool: Pool;
  readonly readerPool: Pool | undefined;
  /** Encrypts model credentials with SWITCHBOARD_SALT_KEY (refuses to when it is unset). */
  readonly cipher: CredentialCipher;
  /** Readiness: a real `select 1` on each pool within the timeout. */
  check(): Promise<DatabaseState>;
  /** Ends the pools; call it after the last request (runService's onShutdown). */
  close(): Promise<void>;
}

const settingsSchema = z.object({
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  SWITCHBOARD_SALT_KEY: z.string().min(1).optional(),
});

function readSettings(env: DatabaseEnv): z.output<typeof settingsSchema> {
  const present = Object.fromEntries(Object.keys(settingsSchema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]));
  const parsed = settingsSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // Only numeric settings can fail here, so naming the variable leaks nothing.
  throw new Error(`${issue?.path.join('.') ?? 'database setting'}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Opens the node-postgres pools the apps use, from `DATABASE_URL` or the discrete `DATABASE_*` variables
 * (via `@switchboard/db-url`, so RDS IAM tokens are minted per connection), sized by `DATABASE_POOL_SIZE`.
 * Connections are made on demand: a database that is down makes `check()` fail, not this call, and the
 * pools reconnect by themselves when it returns. A connection the server drops (restart,
 * `pg_terminate_backend`) is logged and replaced, never a crash. Apps never migrate: that is the
 * migrations job's work.
 */
export function openDatabase(env: DatabaseEnv, { logger, applicationName = 'switchboard', checkTimeoutMs = 2_000, onQuery }: OpenDatabaseOptions): OpenedDatabase {
  const settings = readSettings(env);
  const configs = databasePoolConfigs(env, { warn: (message) => logger.warn({}, message) });
  if (!configs.writer) throw new DatabaseNotConfiguredError();

  const createPool = (config: PoolConfig, role: 'writer' | 'reader'): Pool => {
    const pool = new Pool({
      application_name: applicationName,
      ...config,
      max: settings.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: settings.DATABASE_CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    });
    const lost = (err: Error) => logger.warn({ role, error: err.message }, 'database connection lost; the pool opens a new one on demand');
    // Idle connections report through the pool; checked-out ones through themselves. Without both
    // listeners a dropped connection would be an unhandled 'error' event, which ends the process.
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    if (onQuery) pool.on('connect', (client) => observeQueries(client, onQuery));
    return pool;
  };

  const pool = createPool(configs.writer, 'writer');
  const readerPool = configs.reader ? createPool(configs.reader, 'reader') : undefined;
  const db: Database = drizzle({ client: pool });
  const reader: Database = readerPool ? drizzle({ client: readerPool }) : db;
  let closing: Promise<void> | undefined;

  return {
    db,
    reader,
    pool,
    readerPool,
    cipher: createCredentialCipher(settings.SWITCHBOARD_SALT_KEY),
    async check() {
      const writer = await probePool(pool, checkTimeoutMs);
      if (!readerPool) return writer;
      const replica = await probePool(readerPool, checkTimeoutMs);
      return { ok: writer.ok && replica.ok, detail: `writer ${writer.detail}; reader ${replica.detail}` };
    },
    close() {
      closing ??= Promise.all([pool.end(), readerPool?.end()]).then(() => undefined);
      return closing;
    },
  };
}
