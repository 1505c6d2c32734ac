import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMigrationsFolder } from './migrations-folder.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../../..');
const folder = findMigrationsFolder();

describe('the committed migrations', () => {
  it('are found from source, and MIGRATIONS_DIR overrides', () => {
    expect(folder).toBe(join(workspaceRoot, 'libs/db/drizzle'));
    expect(findMigrationsFolder({ MIGRATIONS_DIR: folder })).toBe(folder);
    expect(() => findMigrationsFolder({ MIGRATIONS_DIR: tmpdir() })).toThrow(/MIGRATIONS_DIR/);
  });

  it('match the schema: drizzle-kit generates nothing new', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'switchboard-drift-'));
    try {
      cpSync(folder, scratch, { recursive: true });
      // drizzle-kit prefixes `out` with "./", so it must be relative to the working directory.
      const output = execFileSync(
        process.execPath,
        [join(workspaceRoot, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--dialect', 'postgresql', '--schema', './libs/db/src/schema/tables/*.ts', '--out', relative(workspaceRoot, scratch)],
        { cwd: workspaceRoot, encoding: 'utf8' },
      );
      expect(output).toContain('No schema changes');
      expect(readdirSync(scratch).sort()).toEqual(readdirSync(folder).sort());
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('reference tables unqualified, so DATABASE_SCHEMA can put them in any schema', () => {
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.sql'))) {
      expect(readFileSync(join(folder, file), 'utf8'), `${file}: run libs/db/scripts/strip-public-schema.mjs`).not.toContain('"public".');
    }
  });

  it('partition spend_logs by range on start_time from the start', () => {
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const creating = journal.entries.find((entry) => readFileSync(join(folder, `${entry.tag}.sql`), 'utf8').includes('CREATE TABLE "spend_logs"'));
    expect(readFileSync(join(folder, `${creating?.tag}.sql`), 'utf8')).toContain('PARTITION BY RANGE ("start_time")');
  });
});
