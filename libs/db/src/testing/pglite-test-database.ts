import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Database } from '../database.ts';
import { findMigrationsFolder } from '../migrations/migrations-folder.ts';
import { migrationsFingerprint } from './migrations-fingerprint.ts';

export interface PgliteTestDatabase {
  readonly pglite: PGlite;
  readonly db: Database;
  close(): Promise<void>;
}

/**
 * A migrated in-process PGlite. A cold start plus migrations costs seconds on two cores, so the first
 * caller saves the migrated data directory (`dumpDataDir`) under the OS temp folder, keyed by the
 * migration set, and every later one loads it (`loadDataDir`), which takes a fraction of that.
 */
/** A PGlite upgrade may change the data directory's format, so the dump is keyed by its version too. */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export interface PgliteTestDatabaseOptions {
  /** Loads pgvector, as the embedded database does, so `CREATE EXTENSION vector` works (the semantic cache). */
  pgvector?: boolean;
}

export async function createPgliteTestDatabase({ pgvector = false }: PgliteTestDatabaseOptions = {}): Promise<PgliteTestDatabase> {
  const folder = findMigrationsFolder();
  const dumpPath = join(tmpdir(), `switchboard-pglite-${pgliteVersion()}-${migrationsFingerprint(folder)}.tar`);
  // The saved directory holds no extension (the migrations create none), so one dump serves both kinds.
  const options: PGliteOptions = pgvector ? { extensions: { vector } } : {};
  let pglite: PGlite;
  if (existsSync(dumpPath)) {
    pglite = await PGlite.create({ ...options, loadDataDir: new Blob([readFileSync(dumpPath)]) });
  } else {
    pglite = await PGlite.create(options);
    await migrate(drizzle({ client: pglite }), { migrationsFolder: folder });
    const dump = await pglite.dumpDataDir('none');
    // Written aside and renamed, so a parallel worker never loads half a file.
    const partial = `${dumpPath}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, dumpPath);
  }
  return { pglite, db: drizzle({ client: pglite }), close: () => pglite.close() };
}
