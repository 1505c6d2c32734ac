import { createServer, type AddressInfo, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@switchboard/service-kit';
import { DatabaseNotConfiguredError } from './errors.ts';
import { openDatabase } from './open-database.ts';
import { requirePostgres } from './testing/require-postgres.ts';

const logger = createLogger('test', { level: 'silent' });
const postgres = await requirePostgres();

async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('openDatabase', () => {
  it('says how to configure a database when none is', () => {
    expect(() => openDatabase({}, { logger })).toThrow(DatabaseNotConfiguredError);
    expect(() => openDatabase({}, { logger })).toThrow(/DATABASE_URL.*DATABASE_HOST/);
  });

  it('names a bad DATABASE_POOL_SIZE and refuses non-PostgreSQL URLs without echoing them', () => {
    expect(() => openDatabase({ DATABASE_URL: 'postgresql://h/db', DATABASE_POOL_SIZE: 'lots' }, { logger })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => openDatabase({ DATABASE_URL: 'mysql://u:hunter2@h/db' }, { logger })).toThrow(/mysql/);
    expect(() => openDatabase({ DATABASE_URL: 'mysql://u:hunter2@h/db' }, { logger })).not.toThrow(/hunter2/);
  });

  it('sizes the pool from DATABASE_POOL_SIZE and opens no connection until asked', async () => {
    const database = openDatabase({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/x`, DATABASE_POOL_SIZE: '7' }, { logger });
    expect(database.pool.options.max).toBe(7);
    expect(database.pool.totalCount).toBe(0);
    expect(database.reader).toBe(database.db);
    await database.close();
  });

  it('reports a refused connection, and a server that never answers, within the probe timeout', async () => {
    const refused = openDatabase({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/x` }, { logger });
    expect(await refused.check()).toEqual({ ok: false, detail: 'connection refused' });
    await refused.close();

    // Accepts TCP and then says nothing, like a hung server or a black-holed route.
    const accepted: Socket[] = [];
    const silent = createServer((socket) => accepted.push(socket));
    const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as AddressInfo).port)));
    const hung = openDatabase({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/x` }, { logger, checkTimeoutMs: 300 });
    const started = Date.now();
    expect(await hung.check()).toEqual({ ok: false, detail: 'no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const socket of accepted) socket.destroy();
    silent.close();
    await hung.close();
  });

  it.skipIf(!postgres.available)('opens a separate reader pool for the read replica and checks both', async () => {
    const url = new URL(postgres.adminUrl);
    const database = openDatabase(
      { DATABASE_URL: postgres.adminUrl, DATABASE_HOST_READ_REPLICA: url.hostname, DATABASE_PORT_READ_REPLICA: String(await closedPort()), DATABASE_USER: 'postgres', DATABASE_NAME: 'postgres' },
      { logger },
    );
    try {
      expect(database.readerPool).toBeDefined();
      expect(database.reader).not.toBe(database.db);
      expect(await database.check()).toEqual({ ok: false, detail: 'writer connected; reader connection refused' });
    } finally {
      await database.close();
    }
  });

  it.skipIf(!postgres.available)('hands onQuery every statement (pool queries, transactions, drizzle), never the parameters, and each settlement', async () => {
    const seen: { statement: string; error?: unknown }[] = [];
    const database = openDatabase({ DATABASE_URL: postgres.adminUrl }, {
      logger,
      onQuery: (statement) => (error) => void seen.push({ statement, ...(error !== undefined ? { error } : {}) }),
    });
    try {
      await database.pool.query('select $1::text as secret', ['sk-parameter-value']);
      await new Promise<void>((resolve, reject) => database.pool.query('select 2', (error) => (error ? reject(error) : resolve())));
      const client = await database.pool.connect();
      try {
        await client.query('begin');
        await expect(client.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
        await client.query('rollback');
      } finally {
        client.release();
      }
      await database.db.execute(sql`select ${'sk-drizzle-parameter'}::text`);
    } finally {
      await database.close();
    }
    expect(seen.map((query) => query.statement)).toEqual(['select $1::text as secret', 'select 2', 'begin', 'select * from no_such_table', 'rollback', 'select $1::text']);
    expect((seen[3]?.error as { code?: string }).code).toBe('42P01');
    expect(seen.filter((query) => query.error !== undefined)).toHaveLength(1);
    expect(JSON.stringify(seen.map((query) => query.statement))).not.toContain('sk-');
  });

  it('leaves the connections unwrapped without onQuery', async () => {
    const database = openDatabase({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x' }, { logger });
    expect(database.pool.listenerCount('connect')).toBe(1);
    await database.close();
  });
});
