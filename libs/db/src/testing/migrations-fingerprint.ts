import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Changes whenever a migration is added or edited: names the cached template database and PGlite dump. */
export function migrationsFingerprint(folder: string): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(folder, 'meta', '_journal.json')));
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.sql')).sort()) {
    hash.update(file);
    hash.update(readFileSync(join(folder, file)));
  }
  return hash.digest('hex').slice(0, 12);
}
