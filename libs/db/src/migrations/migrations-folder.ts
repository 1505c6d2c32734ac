import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the SQL migrations are: `MIGRATIONS_DIR` when set; else `drizzle/` beside the running bundle
 * (the migrations build copies it there); else libs/db/drizzle when running from source.
 */
export function findMigrationsFolder(env: Readonly<Record<string, string | undefined>> = {}): string {
  const candidates = env.MIGRATIONS_DIR ? [resolve(env.MIGRATIONS_DIR)] : [join(import.meta.dirname, 'drizzle'), resolve(import.meta.dirname, '../../drizzle')];
  const found = candidates.find((folder) => existsSync(join(folder, 'meta', '_journal.json')));
  if (!found) throw new Error(`no migrations found (looked for meta/_journal.json in ${candidates.join(', ')}); set MIGRATIONS_DIR`);
  return found;
}
