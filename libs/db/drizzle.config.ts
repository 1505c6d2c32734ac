import { defineConfig } from 'drizzle-kit';

/**
 * `npx nx run db:generate-migration` (or `npx drizzle-kit generate --config libs/db/drizzle.config.ts`)
 * writes the next migration into libs/db/drizzle. The partitioned spend_logs table lives in
 * src/schema/partitioned and is written by hand (`drizzle-kit generate --custom`), so only tables/ is read.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/db/src/schema/tables/*.ts',
  out: './libs/db/drizzle',
  strict: true,
  verbose: true,
});
