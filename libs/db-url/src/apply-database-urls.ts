import { variablesFor } from './database-variables.ts';
import { resolveDatabaseUrls, type DatabaseUrlDeps, type DatabaseUrls } from './resolve-database-urls.ts';

/**
 * Writes the resolved URLs into `env` (normally `process.env`, before anything opens a pool or reads
 * `DATABASE_URL`) and returns what it wrote. Variables with nothing to write are left untouched.
 */
export async function applyDatabaseUrls(
  env: Record<string, string | undefined>,
  deps: DatabaseUrlDeps = {},
): Promise<DatabaseUrls> {
  const urls = await resolveDatabaseUrls(env, deps);
  if (urls.writerUrl !== undefined) env[variablesFor('writer').url] = urls.writerUrl;
  if (urls.readerUrl !== undefined) env[variablesFor('reader').url] = urls.readerUrl;
  return urls;
}
