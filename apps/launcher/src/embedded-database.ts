import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { findMigrationsFolder, servePglite } from '@switchboard/db';
import { acquireFolderLock } from '@switchboard/service-kit';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Logger } from 'pino';
import { z } from 'zod';

export { FolderLockedError as DataFolderLockedError } from '@switchboard/service-kit';

export interface EmbeddedDatabaseSettings {
  /** Our folder: the lock file and PGlite's data directory (`postgres/`) live in it. */
  dataDir: string;
  host: string;
  /** Not 5432, so it never collides with a real PostgreSQL on the same machine; 0 picks a free port. */
  port: number;
  /** Enough for the gateway's and the backend's pools (DATABASE_POOL_SIZE each) plus a psql or two. */
  maxConnections: number;
}

export interface EmbeddedDatabase {
  /** What the children get as DATABASE_URL. */
  readonly url: string;
  readonly lockFile: string;
  stop(): Promise<void>;
}

const portSchema = z.coerce.number().int().min(0).max(65_535).default(54329);

/** `npm start` embeds a database only when neither DATABASE_URL nor DATABASE_HOST says where one is. */
export function embeddedDatabaseSettings(env: Readonly<Record<string, string | undefined>>, workspaceRoot: string): EmbeddedDatabaseSettings | undefined {
  if (env.DATABASE_URL || env.DATABASE_HOST) return undefined;
  const port = portSchema.safeParse(env.EMBEDDED_DB_PORT || undefined);
  if (!port.success) throw new Error(`EMBEDDED_DB_PORT must be a port number, got ${JSON.stringify(env.EMBEDDED_DB_PORT)}`);
  return {
    dataDir: resolve(workspaceRoot, env.SWITCHBOARD_DATA_DIR || '.switchboard/data'),
    host: '127.0.0.1',
    port: port.data,
    maxConnections: 100,
  };
}

/**
 * PGlite in the data folder, migrated once here and served over the PostgreSQL wire protocol on loopback,
 * so gateway and backend connect to it like to any PostgreSQL (and never migrate). A lock file keeps a
 * second launcher off the same folder: PGlite is a single process's database.
 */
export async function startEmbeddedDatabase(settings: EmbeddedDatabaseSettings, logger: Logger): Promise<EmbeddedDatabase> {
  mkdirSync(settings.dataDir, { recursive: true });
  const lockFile = join(settings.dataDir, 'launcher.lock');
  const release = acquireFolderLock(lockFile, {
    what: `the embedded database folder ${settings.dataDir}`,
    remedy: 'stop the other Switchboard launcher, or set SWITCHBOARD_DATA_DIR to another folder',
  });
  let pglite: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    // pgvector is loaded always (it costs nothing measurable at start): a pgvector-semantic cache creates the
    // extension when configured, and a data folder that has it must find it again at every later start.
    pglite = await PGlite.create(join(settings.dataDir, 'postgres'), { extensions: { vector } });
    await migrate(drizzle({ client: pglite }), { migrationsFolder: findMigrationsFolder() });
    server = servePglite(pglite, { host: settings.host, port: settings.port, maxConnections: settings.maxConnections });
    await server.start().catch((err: unknown) => {
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      throw inUse ? new Error(`port ${settings.port} is in use: set EMBEDDED_DB_PORT to a free port for the embedded database`) : err;
    });
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await pglite?.close().catch(() => undefined);
    release();
    throw err;
  }
  const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
  logger.info({ dataDir: settings.dataDir, url }, 'embedded database ready (PGlite)');

  let stopping: Promise<void> | undefined;
  const runningServer = server;
  const runningPglite = pglite;
  return {
    url,
    lockFile,
    stop() {
      stopping ??= (async () => {
        try {
          await runningServer.stop();
          await runningPglite.close();
        } finally {
          release();
        }
      })();
      return stopping;
    },
  };
}
