import { createLogger } from '@switchboard/service-kit';
import { openDatabase } from './open-database.ts';
import { servePglite } from './serve-pglite.ts';
import { createPgliteTestDatabase } from './testing/pglite-test-database.ts';
import { describeDataLayer } from './testing/data-layer/describe-data-layer.ts';

// What `npm start` runs: PGlite served over the PostgreSQL wire protocol, reached through node-postgres.
describeDataLayer('PGlite over pglite-socket', async () => {
  const pglite = await createPgliteTestDatabase();
  const server = servePglite(pglite.pglite, { host: '127.0.0.1', port: 0, maxConnections: 20 });
  await server.start();
  const database = openDatabase({ DATABASE_URL: `postgresql://postgres@${server.getServerConn()}/postgres`, DATABASE_POOL_SIZE: '5' }, { logger: createLogger('test', { level: 'silent' }) });
  return {
    db: database.db,
    check: () => database.check(),
    async close() {
      await database.close();
      await server.stop();
      await pglite.close();
    },
  };
});
