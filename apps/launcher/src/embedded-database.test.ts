import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSemanticCacheSchema, lookupSemanticCache, openDatabase, storeSemanticCache, type Database } from '@switchboard/db';
import { createLogger } from '@switchboard/service-kit';
import { DataFolderLockedError, embeddedDatabaseSettings, startEmbeddedDatabase, type EmbeddedDatabaseSettings } from './embedded-database.ts';

const logger = createLogger('launcher', { level: 'silent' });
const folders: string[] = [];

function settingsIn(dataDir: string): EmbeddedDatabaseSettings {
  return { dataDir, host: '127.0.0.1', port: 0, maxConnections: 30 };
}

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-embedded-'));
  folders.push(folder);
  return join(folder, 'data');
}

async function query<T extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('embedded database settings', () => {
  it('embeds only when neither DATABASE_URL nor DATABASE_HOST is set', () => {
    expect(embeddedDatabaseSettings({ DATABASE_URL: 'postgresql://db/x' }, '/repo')).toBeUndefined();
    expect(embeddedDatabaseSettings({ DATABASE_HOST: 'db' }, '/repo')).toBeUndefined();
    expect(embeddedDatabaseSettings({}, '/repo')).toMatchObject({ dataDir: '/repo/.switchboard/data', host: '127.0.0.1', port: 54329 });
    expect(embeddedDatabaseSettings({ SWITCHBOARD_DATA_DIR: '/var/sb', EMBEDDED_DB_PORT: '6000' }, '/repo')).toMatchObject({ dataDir: '/var/sb', port: 6000 });
  });
});

describe('the embedded database', () => {
  // One folder for the whole file: creating a PGlite data directory is the slow part.
  const sharedDataDir = freshFolder();

  it('serves a migrated PGlite to node-postgres, locks its folder, and keeps its data across restarts', async () => {
    const dataDir = sharedDataDir;
    const first = await startEmbeddedDatabase(settingsIn(dataDir), logger);
    try {
      const [migrated] = await query<{ count: string }>(first.url, 'select count(*)::text as count from drizzle.__drizzle_migrations');
      expect(Number(migrated?.count)).toBeGreaterThan(0);
      await query(first.url, "insert into budgets (id, max_budget) values ($1, '12.5')", ['kept-across-restarts']);

      const second = startEmbeddedDatabase(settingsIn(dataDir), logger);
      await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
      await expect(second).rejects.toThrow(`PID ${process.pid}, lock file ${join(dataDir, 'launcher.lock')}`);
    } finally {
      await first.stop();
    }
    expect(existsSync(first.lockFile)).toBe(false);

    const again = await startEmbeddedDatabase(settingsIn(dataDir), logger);
    try {
      expect(await query(again.url, 'select max_budget from budgets where id = $1', ['kept-across-restarts'])).toEqual([{ max_budget: '12.5000000000' }]);
    } finally {
      await again.stop();
    }
  }, 60_000);

  it('has pgvector for the semantic cache, and finds it again after a restart', async () => {
    const partition = { scope: 'global', modelGroup: 'gpt-4o', namespace: '' };
    const withDatabase = async (work: (db: Database) => Promise<void>) => {
      const embedded = await startEmbeddedDatabase(settingsIn(sharedDataDir), logger);
      const database = openDatabase({ DATABASE_URL: embedded.url, DATABASE_POOL_SIZE: '2' }, { logger });
      try {
        await work(database.db);
      } finally {
        await database.close();
        await embedded.stop();
      }
    };
    await withDatabase(async (db) => {
      await ensureSemanticCacheSchema(db, { dimensions: 2 });
      await storeSemanticCache(db, { ...partition, cacheKey: 'k', embedding: [1, 0], entry: { kept: true } });
    });
    await withDatabase(async (db) => {
      expect(await lookupSemanticCache(db, { ...partition, embedding: [1, 0.01], threshold: 0.9 })).toMatchObject({ cacheKey: 'k', entry: { kept: true } });
    });
  }, 60_000);

  it('takes over a lock whose process is gone', async () => {
    const dataDir = sharedDataDir;
    mkdirSync(dataDir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const lockFile = join(dataDir, 'launcher.lock');
    writeFileSync(lockFile, JSON.stringify({ pid: deadPid, startedAt: '2020-01-01T00:00:00.000Z' }));
    const database = await startEmbeddedDatabase(settingsIn(dataDir), logger);
    try {
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await database.stop();
    }
  }, 60_000);

  it('names the port when it is taken, and lets go of the folder', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as AddressInfo).port)));
    try {
      await expect(startEmbeddedDatabase({ ...settingsIn(sharedDataDir), port }, logger)).rejects.toThrow(`port ${port} is in use`);
      expect(existsSync(join(sharedDataDir, 'launcher.lock'))).toBe(false);
    } finally {
      taken.close();
    }
  }, 60_000);
});
