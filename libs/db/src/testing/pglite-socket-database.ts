import { servePglite } from '../serve-pglite.ts';
import { createPgliteTestDatabase, type PgliteTestDatabaseOptions } from './pglite-test-database.ts';

export interface PgliteSocketDatabase {
  /** A node-postgres URL for the migrated in-process PGlite, served over the wire protocol. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The embedded database as `npm start` runs it (PGlite behind pglite-socket), migrated, on a free
 * loopback port: other projects' tests reach it through node-postgres like any PostgreSQL.
 */
export async function createPgliteSocketDatabase(options: PgliteTestDatabaseOptions = {}): Promise<PgliteSocketDatabase> {
  const pglite = await createPgliteTestDatabase(options);
  const server = servePglite(pglite.pglite, { host: '127.0.0.1', port: 0, maxConnections: 20 });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async close() {
      await server.stop();
      await pglite.close();
    },
  };
}
