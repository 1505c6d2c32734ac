import { createServer as createTcpServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, openDatabase, requirePostgres, withTransaction, type OpenedDatabase, type PostgresTestDatabase } from '@switchboard/db';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';

const logger = createLogger('backend', { level: 'silent' });
const postgres = await requirePostgres();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readiness(service: RunningService): Promise<{ status: number; database: { ok: boolean; detail: string } }> {
  const res = await fetch(`http://127.0.0.1:${service.port}/health/readiness`);
  const body = (await res.json()) as { dependencies: { database: { ok: boolean; detail: string } } };
  return { status: res.status, database: body.dependencies.database };
}

async function readyWithin(service: RunningService, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if ((await readiness(service)).status === 200) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`readiness did not return to 200 within ${ms} ms`);
}

/** The backend as main.ts builds it, in-process, on a free port. */
async function startBackend(databaseUrl: string): Promise<{ service: RunningService; database: OpenedDatabase }> {
  const database = openDatabase({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '4' }, { logger, applicationName: 'switchboard-backend-test' });
  const service = await runService(createBackendApp(logger, { database }), {
    port: 0,
    host: '127.0.0.1',
    drainMs: 0,
    graceMs: 100,
    onShutdown: () => database.close(),
  });
  return { service, database };
}

/** A TCP hop in front of PostgreSQL that can go down (dropping every connection) and come back on the same port. */
function switchableProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve) => {
      server = createTcpServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => sockets.delete(socket));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as AddressInfo).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server?.close(() => resolve());
    });
  return { up, down, port: () => port };
}

describe('backend readiness without its database', () => {
  it('answers 503 with a clear detail when the database refuses connections', async () => {
    const closed = createTcpServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)));
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { service } = await startBackend(`postgresql://postgres@127.0.0.1:${port}/switchboard`);
    try {
      expect(await readiness(service)).toEqual({ status: 503, database: { ok: false, detail: 'connection refused' } });
    } finally {
      await service.shutdown('test');
    }
  });
});

describe.skipIf(!postgres.available)('backend readiness on PostgreSQL', () => {
  let testDb: PostgresTestDatabase;
  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('recovers without a restart after pg_terminate_backend kills every connection, even one mid-transaction', async () => {
    const { service, database } = await startBackend(testDb.url);
    const admin = await testDb.admin();
    try {
      expect(await readiness(service)).toEqual({ status: 200, database: { ok: true, detail: 'connected' } });
      // Fill the pool with idle connections, and hold one inside a transaction while they are killed.
      await Promise.all(Array.from({ length: 4 }, () => database.pool.query('select pg_sleep(0.05)')));
      const inFlight = withTransaction(database.db, async (tx) => {
        await tx.execute('select 1');
        await sleep(600);
        await tx.execute('select 1');
      });
      const outcome = inFlight.then(
        () => 'committed',
        () => 'failed',
      );
      await sleep(200);
      const { rows } = await admin.query<{ killed: number }>(
        'select count(*)::int as killed from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) as terminated',
        [testDb.name],
      );
      expect(rows[0]?.killed).toBeGreaterThanOrEqual(4);
      expect(await outcome).toBe('failed');
      expect(await readyWithin(service, 5_000)).toBeLessThan(5_000);
      expect(await readiness(service)).toEqual({ status: 200, database: { ok: true, detail: 'connected' } });
    } finally {
      await admin.end();
      await service.shutdown('test');
    }
  });

  it('reports the database down (503) while it is away and ready again once it is back, in the same process', async () => {
    const proxy = switchableProxy({ host: '127.0.0.1', port: Number(new URL(testDb.url).port || 5432) });
    await proxy.up();
    const url = new URL(testDb.url);
    url.host = `127.0.0.1:${proxy.port()}`;
    const { service } = await startBackend(url.toString());
    try {
      expect((await readiness(service)).status).toBe(200);
      await proxy.down();
      const away = await readiness(service);
      expect(away.status).toBe(503);
      expect(away.database.ok).toBe(false);
      expect(away.database.detail).not.toBe('');
      await proxy.up();
      expect(await readyWithin(service, 5_000)).toBeLessThan(5_000);
    } finally {
      await service.shutdown('test');
      await proxy.down();
    }
  });
});
