// drizzle-kit writes foreign keys as REFERENCES "public"."table". The tables themselves are created
// unqualified, in the schema DATABASE_SCHEMA puts first on the search_path, so the references must be
// unqualified too or they point at (or fail on) `public`. Run after every `drizzle-kit generate`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const folder = resolve(import.meta.dirname, '../drizzle');
for (const file of readdirSync(folder).filter((name) => name.endsWith('.sql'))) {
  const path = join(folder, file);
  const text = readFileSync(path, 'utf8');
  const stripped = text.replaceAll('REFERENCES "public".', 'REFERENCES ');
  if (stripped !== text) {
    writeFileSync(path, stripped);
    console.log(`unqualified the foreign keys of ${file}`);
  }
}
