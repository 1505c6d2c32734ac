import { createPgliteTestDatabase } from './testing/pglite-test-database.ts';
import { describeDataLayer } from './testing/data-layer/describe-data-layer.ts';

describeDataLayer('in-process PGlite', async () => {
  const { db, close } = await createPgliteTestDatabase();
  return { db, close };
});
