import { sql } from 'drizzle-orm';
import type { Database } from '../database.ts';

/**
 * Where drizzle keeps its list of applied migrations: its own `drizzle` schema normally, but the
 * DATABASE_SCHEMA schema when one is configured, so two installations in two schemas of one database
 * never read each other's list.
 */
export async function migrationsSchemaFor(db: Database): Promise<string> {
  const [row] = await db.select({ schema: sql<string | null>`current_schema()` }).from(sql`(select 1) as one`);
  const schema = row?.schema;
  return schema && schema !== 'public' ? schema : 'drizzle';
}

/** The `when` of the newest applied migration (drizzle's `created_at`), or undefined on a new database. */
export async function lastAppliedMigrationAt(db: Database, migrationsSchema: string): Promise<number | undefined> {
  const [table] = await db
    .select({ present: sql<boolean>`true` })
    .from(sql`information_schema.tables`)
    .where(sql`table_schema = ${migrationsSchema} and table_name = '__drizzle_migrations'`);
  if (!table) return undefined;
  const [row] = await db.select({ last: sql<string | null>`max(created_at)::text` }).from(sql`${sql.identifier(migrationsSchema)}.__drizzle_migrations`);
  return row?.last ? Number(row.last) : undefined;
}
