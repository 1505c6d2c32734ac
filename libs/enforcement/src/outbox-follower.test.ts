import { createServer, connect, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase, type PgliteTestDatabase } from '@switchboard/db-testing';
import { createLimitsRedis } from '@switchboard/limits';
import { redisAvailable, TEST_REDIS_URL } from '@switchboard/limits-testing';
import { INVALIDATION_CHANNEL, OutboxFollower, type Invalidation } from './outbox-follower.ts';

const hasRedis = await redisAvailable();
const redisPort = Number(new URL(TEST_REDIS_URL).port || 6379);
const redisHost = new URL(TEST_REDIS_URL).hostname;

/** A TCP relay to the real Redis that the test switches on late: until then its port refuses connections. */
class LateRedisRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number) {}

  static async onFreePort(): Promise<LateRedisRelay> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new LateRedisRelay(port);
  }

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(redisPort, redisHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe.skipIf(!hasRedis)('OutboxFollower pub/sub', () => {
  let database: PgliteTestDatabase;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    database = await createPgliteTestDatabase();
  }, 60_000);
  afterAll(async () => database?.close());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps retrying SUBSCRIBE with capped backoff while Redis is unreachable at start, and receives invalidations once it is reachable', async () => {
    const relay = await LateRedisRelay.onFreePort();
    cleanups.push(() => relay.close());
    const events: Invalidation[] = [];
    const retries: { delayMs: number; attempt: number }[] = [];
    const subscriber = createLimitsRedis(`redis://127.0.0.1:${relay.port}`, { commandTimeoutMs: 500, connectTimeoutMs: 200 });
    const follower = new OutboxFollower({
      db: database.db,
      subscriber,
      intervalMs: 60_000, // the poll must not be what delivers the event
      subscribeRetry: { initialMs: 50, maxMs: 200 },
      onEvent: (event) => events.push(event),
      onResync: () => undefined,
      onSubscribeRetry: (_error, delayMs, attempt) => retries.push({ delayMs, attempt }),
    });
    cleanups.push(() => follower.stop());
    await follower.start();

    await expect.poll(() => retries.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    expect(retries.slice(0, 4).map((r) => r.delayMs)).toEqual([50, 100, 200, 200]);

    await relay.open();
    const publisher = new Redis(TEST_REDIS_URL);
    cleanups.push(() => void publisher.disconnect());
    const marker = `key-${process.pid}-${Date.now()}`;
    // Publish until the follower hears it: it subscribes on its next retry after ioredis reconnects.
    await expect
      .poll(
        async () => {
          await publisher.publish(INVALIDATION_CHANNEL, JSON.stringify({ entityType: 'key', entityId: marker, action: 'update' }));
          return events.some((event) => event.entityId === marker);
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe(true);
  }, 20_000);

  it('stops retrying once stopped', async () => {
    const relay = await LateRedisRelay.onFreePort();
    const retries: number[] = [];
    const follower = new OutboxFollower({
      db: database.db,
      subscriber: createLimitsRedis(`redis://127.0.0.1:${relay.port}`, { connectTimeoutMs: 200 }),
      intervalMs: 60_000,
      subscribeRetry: { initialMs: 30, maxMs: 30 },
      onEvent: () => undefined,
      onResync: () => undefined,
      onSubscribeRetry: (_error, _delay, attempt) => retries.push(attempt),
    });
    await follower.start();
    await expect.poll(() => retries.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    follower.stop();
    const seen = retries.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(retries.length).toBeLessThanOrEqual(seen + 1);
  });
});
