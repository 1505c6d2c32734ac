import { sql } from 'drizzle-orm';
import type { Database } from '../database.ts';

/**
 * With `DATABASE_SCHEMA` (or `?schema=` in the URL) the connection's search_path names a schema the
 * migrations create their tables in; as the reference does, create it when it does not exist yet.
 * Returns the schema created, if any.
 */
export async function ensureSearchPathSchema(db: Database): Promise<string | undefined> {
  const [row] = await db
    .select({ current: sql<string | null>`current_schema()`, searchPath: sql<string>`current_setting('search_path')` })
    .from(sql`(select 1) as one`);
  if (!row || row.current !== null) return undefined;
  const first = row.searchPath.split(',')[0]?.trim().replace(/^"(.*)"$/, '$1').replaceAll('""', '"');
  if (!first || first === '$user') return undefined;
  await db.execute(sql`create schema if not exists ${sql.identifier(first)}`);
  return first;
}
