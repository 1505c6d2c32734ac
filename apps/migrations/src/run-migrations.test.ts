import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, findKeyByHash, insertKey, maintainSpendLogPartitions, openDatabase, requirePostgres, type PostgresTestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/service-kit';
import { readJournal } from './read-journal.ts';
import { runMigrations } from './run-migrations.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../..');
const migrationsFolder = join(workspaceRoot, 'libs/db/drizzle');
const postgres = await requirePostgres();
const databases: PostgresTestDatabase[] = [];

interface JobResult {
  code: number | null;
  messages: string[];
}

interface RunningJob {
  /** Resolves when the job logs a message matching `pattern`. */
  logged(pattern: RegExp): Promise<void>;
  done: Promise<JobResult>;
}

/** One migrations job as a real process, logging JSON lines as in production. */
function startJob(command: string[], env: Record<string, string>): RunningJob {
  const child = spawn(process.execPath, command, {
    cwd: workspaceRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const message = (JSON.parse(line) as { msg?: string }).msg ?? '';
      messages.push(message);
      for (const waiter of waiters.filter((w) => w.pattern.test(message))) waiter.resolve();
    }
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<JobResult>((resolveDone) => {
    child.once('exit', (code) => {
      if (code !== 0 && stderr) messages.push(`stderr: ${stderr}`);
      resolveDone({ code, messages });
    });
  });
  return {
    done,
    logged: (pattern) =>
      messages.some((message) => pattern.test(message))
        ? Promise.resolve()
        : new Promise<void>((resolveLogged) => waiters.push({ pattern, resolve: resolveLogged })),
  };
}

const fromSource = ['--import', 'tsx', 'apps/migrations/src/main.ts'];

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ hash: string }>('select hash from drizzle.__drizzle_migrations order by id');
    return rows.map((row) => row.hash);
  } finally {
    await client.end();
  }
}

async function emptyDatabase(): Promise<PostgresTestDatabase> {
  const database = await createPostgresTestDatabase({ migrated: false });
  databases.push(database);
  return database;
}

afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe.skipIf(!postgres.available)('the migrations job on PostgreSQL', () => {
  const journal = readJournal(migrationsFolder);

  it('applies the schema once when two jobs overlap on an empty database, and both exit 0', async () => {
    const database = await emptyDatabase();
    // DISABLE_SCHEMA_UPDATE=true is what app pods get; the reference's job inherited it and skipped everything.
    const env = { DATABASE_URL: database.url, DISABLE_SCHEMA_UPDATE: 'true' };
    const first = startJob(fromSource, { ...env, MIGRATIONS_TEST_HOLD_MS: '30000' });
    await first.logged(/migration lock taken/);
    const second = startJob(fromSource, env);
    const [a, b] = await Promise.all([first.done, second.done]);

    expect(a.code, a.messages.join('\n')).toBe(0);
    expect(b.code, b.messages.join('\n')).toBe(0);
    expect(a.messages).toContain(`applied ${journal.length} migration(s)`);
    expect(b.messages).toContain('another migrations job holds the migration lock; waiting for it to finish');
    expect(b.messages).toContain('no pending migrations');
    expect(await appliedMigrations(database.url)).toHaveLength(journal.length);
  }, 60_000);

  it('runs from the esbuild bundle with the migrations copied beside it, and is a no-op the second time', async () => {
    execFileSync(process.execPath, ['tools/build-app.mjs', 'migrations'], { cwd: workspaceRoot, stdio: 'ignore' });
    expect(readdirSync(join(workspaceRoot, 'dist/apps/migrations/drizzle')).filter((f) => f.endsWith('.sql'))).toHaveLength(journal.length);
    const database = await emptyDatabase();
    const bundle = ['dist/apps/migrations/main.mjs'];
    const first = await startJob(bundle, { DATABASE_URL: database.url }).done;
    expect(first.code, first.messages.join('\n')).toBe(0);
    expect(first.messages).toContain(`applied ${journal.length} migration(s)`);
    const again = await startJob(bundle, { DATABASE_URL: database.url }).done;
    expect(again.messages).toContain('no pending migrations');
    expect(await appliedMigrations(database.url)).toHaveLength(journal.length);
  }, 60_000);

  it('exits non-zero with the failing statement named when a migration is broken, and applies nothing of it', async () => {
    const database = await emptyDatabase();
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-broken-migrations-'));
    cpSync(migrationsFolder, folder, { recursive: true });
    const last = journal.at(-1)?.tag ?? '';
    writeFileSync(join(folder, `${last}.sql`), `${readFileSync(join(folder, `${last}.sql`), 'utf8')}\n--> statement-breakpoint\nCREATE TABLE broken (id integer REFERENCES no_such_table(id));`);
    const result = await startJob(fromSource, { DATABASE_URL: database.url, MIGRATIONS_DIR: folder }).done;
    expect(result.code).toBe(1);
    expect(result.messages.join('\n')).toMatch(/migrations failed: relation "no_such_table" does not exist/);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ keys: string | null }>("select to_regclass('keys')::text as keys");
    await client.end();
    expect(rows[0]?.keys).toBeNull();
  }, 60_000);
});

describe.skipIf(!postgres.available)('the migrations job with DATABASE_SCHEMA', () => {
  it('creates the schema and puts every table, partition and function in it, where the apps then find them', async () => {
    const database = await emptyDatabase();
    const url = `${database.url}?schema=tenant_a`;
    expect(await runMigrations({ DATABASE_URL: url }, { logger: createLogger('migrations', { level: 'silent' }) })).toBe(0);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; schema: string }>(
        "select c.relname as name, n.nspname as schema from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname in ('keys', 'spend_logs', 'spend_logs_default') order by 1",
      );
      expect(rows).toEqual([
        { name: 'keys', schema: 'tenant_a' },
        { name: 'spend_logs', schema: 'tenant_a' },
        { name: 'spend_logs_default', schema: 'tenant_a' },
      ]);
      const applied = await client.query<{ count: number }>('select count(*)::int as count from tenant_a.__drizzle_migrations');
      expect(applied.rows[0]?.count).toBe(readJournal(migrationsFolder).length);
    } finally {
      await client.end();
    }
    const app = openDatabase({ DATABASE_URL: url }, { logger: createLogger('backend', { level: 'silent' }) });
    try {
      const key = await insertKey(app.db, { rawKey: 'sk-tenant-a-key' });
      expect((await findKeyByHash(app.db, key.hash))?.keyName).toBe('sk-...-key');
      expect((await maintainSpendLogPartitions(app.db, { retentionDays: null, now: new Date('2044-02-10T00:00:00Z') })).created).toContain('spend_logs_p204402');
    } finally {
      await app.close();
    }
  });
});

describe('the migrations job without a reachable database', () => {
  const logger = createLogger('migrations', { level: 'silent' });

  it('exits 1 with a clear message when no database is configured', async () => {
    const lines: string[] = [];
    const capture = createLogger('migrations', { level: 'info', destination: { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream });
    expect(await runMigrations({}, { logger: capture })).toBe(1);
    expect(lines.join('')).toContain('migrations failed: no database configured');
  });

  it('exits 1 when the server refuses connections', async () => {
    const port = await new Promise<number>((resolvePort) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolvePort(free));
      });
    });
    expect(await runMigrations({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/none` }, { logger })).toBe(1);
  });

  it('never reads DISABLE_SCHEMA_UPDATE', () => {
    for (const file of readdirSync(import.meta.dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      expect(readFileSync(join(import.meta.dirname, file), 'utf8'), file).not.toMatch(/\.DISABLE_SCHEMA_UPDATE|\[\s*['"]DISABLE_SCHEMA_UPDATE/);
    }
  });
});
