import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSqlConstruction } from './testing/scan-sql-construction.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../..');
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'out', '.next', '.nx', 'drizzle', 'test-results', 'playwright-report']);
/** The scanner and this file hold the patterns themselves, as rules and as fixtures. */
const SELF = new Set(['libs/db/src/testing/scan-sql-construction.ts', 'libs/db/src/sql-construction.test.ts']);

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (SKIPPED_FOLDERS.has(entry)) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) sourceFiles(full, found);
    else if (/\.(?:ts|tsx|mts|mjs|cjs)$/.test(entry) && !entry.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

describe('SQL is never built from strings', () => {
  it('holds for every source file of the repository', () => {
    const files = ['apps', 'libs', 'tools', 'e2e'].flatMap((group) => sourceFiles(join(workspaceRoot, group)));
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) => {
      const path = relative(workspaceRoot, file).split('\\').join('/');
      if (SELF.has(path)) return [];
      return scanSqlConstruction(path, readFileSync(file, 'utf8'), { inDataLib: path.startsWith('libs/db/') });
    });
    expect(findings).toEqual([]);
  });
});

describe('the scanner', () => {
  const outside = (source: string) => scanSqlConstruction('apps/x.ts', source, { inDataLib: false }).map((finding) => finding.rule);
  const inside = (source: string) => scanSqlConstruction('libs/db/src/x.ts', source, { inDataLib: true }).map((finding) => finding.rule);

  it('refuses any drizzle sql template or sql.raw outside libs/db', () => {
    expect(outside('const q = sql`select 1`;')).toHaveLength(1);
    expect(outside("db.execute(sql.raw('select 1'));")).toHaveLength(1);
  });

  it('leaves test code outside libs/db alone, but holds libs/db tests to the rules', () => {
    const source = 'await client.query(`select * from keys where alias = ${alias}`);';
    expect(scanSqlConstruction('apps/x.test.ts', source, { inDataLib: false })).toEqual([]);
    expect(scanSqlConstruction('libs/y/test/harness.ts', source, { inDataLib: false })).toEqual([]);
    expect(scanSqlConstruction('libs/db/src/x.test.ts', source, { inDataLib: true })).toHaveLength(1);
  });

  it('refuses interpolated or concatenated query text anywhere', () => {
    expect(outside('await client.query(`select * from keys where alias = ${alias}`);')).toHaveLength(1);
    expect(outside("await pool.query('select * from keys where alias = ' + alias);")).toHaveLength(1);
    expect(outside('const text = `DELETE FROM keys WHERE hash = ${hash}`;')).toHaveLength(1);
    expect(inside('await db.execute(`update keys set blocked = true where hash = ${hash}`);')).toHaveLength(1);
    expect(inside('db.execute(sql.raw(`select ${column} from keys`));')).toContain('sql.raw with a non-constant argument');
  });

  it('accepts parameterized queries, drizzle inside libs/db, quoting functions in DDL, and prose', () => {
    expect(outside("await client.query('select * from keys where alias = $1', [alias]);")).toEqual([]);
    expect(outside('await admin.query(`create database ${escapeIdentifier(name)}`);')).toEqual([]);
    expect(outside('const title = `Select ${count} keys to delete`;')).toEqual([]);
    expect(outside('// never: client.query(`select ${x}`)\nconst ok = 1;')).toEqual([]);
    expect(inside('await db.select().from(keys).where(sql`${keys.alias} = ${alias}`);')).toEqual([]);
    expect(inside("db.execute(sql.raw('select 1'));")).toEqual([]);
    expect(inside('await db.execute(`create database ${escapeIdentifier(name)}`);')).toHaveLength(1);
  });

  it('is not fooled by quotes inside regular expressions', () => {
    expect(outside("const quote = /[\"']/g;\nawait client.query(`select ${x} from t`);")).toHaveLength(1);
  });
});
