import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { createLogger } from '@switchboard/service-kit';
import { openDatabase } from './open-database.ts';
import { describeDataLayer } from './testing/data-layer/describe-data-layer.ts';
import { createPostgresTestDatabase } from './testing/postgres-test-database.ts';
import { requirePostgres } from './testing/require-postgres.ts';
import { openServerLog } from './testing/server-log.ts';

const postgres = await requirePostgres();
const logger = createLogger('test', { level: 'silent' });

describeDataLayer(
  'PostgreSQL',
  async () => {
    const testDb = await createPostgresTestDatabase();
    const database = openDatabase({ DATABASE_URL: testDb.url, DATABASE_POOL_SIZE: '5' }, { logger });
    return {
      db: database.db,
      check: () => database.check(),
      async statementLogging() {
        const admin = await testDb.admin();
        const adminDb = drizzle({ client: admin });
        await adminDb.execute(sql`alter database ${sql.identifier(testDb.name)} set log_statement = 'all'`);
        const log = await openServerLog(admin);
        // New sessions pick the setting up; the suite's own pool keeps running unlogged.
        const logged = openDatabase({ DATABASE_URL: testDb.url, DATABASE_POOL_SIZE: '2' }, { logger });
        return {
          db: logged.db,
          log,
          async close() {
            await logged.close();
            await adminDb.execute(sql`alter database ${sql.identifier(testDb.name)} reset log_statement`);
            await admin.end();
          },
        };
      },
      async close() {
        await database.close();
        await testDb.drop();
      },
    };
  },
  { skip: !postgres.available },
);
