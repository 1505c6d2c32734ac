import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { CacheSettings } from '@switchboard/config';
import { createLimitsRedis, waitForRedis } from '@switchboard/limits';
import { redisAvailable, stall, TEST_REDIS_URL } from '@switchboard/limits-testing';
import { CacheInvalidationBus, type CacheInvalidation } from './cache-invalidation-bus.ts';
import { LocalCacheStore } from './local-cache-store.ts';
import { RedisCacheStore } from './redis-cache-store.ts';
import { ResponseCache, type CacheResult } from './response-cache.ts';

const available = await redisAvailable();
const answer = { bodyText: '{"id":"chatcmpl-1","choices":[]}', id: 'chatcmpl-1', costNanoUsd: 42, storedAt: Date.now() };

describe.skipIf(!available)('the Redis store and the invalidation channel, on the local Redis', () => {
  const clients: ReturnType<typeof createLimitsRedis>[] = [];
  const client = () => {
    const made = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 500 });
    clients.push(made);
    return made;
  };
  afterAll(() => clients.forEach((made) => made.disconnect()));

  it('stores with a ttl, reads back, deletes, and flushes only its own keys', async () => {
    const redis = client();
    await waitForRedis(redis);
    const store = new RedisCacheStore(redis);
    const key = randomUUID();
    await store.set(key, answer, 30);
    expect(await store.get(key)).toEqual(answer);
    expect(await redis.pttl(`switchboard:cache:${key}`)).toBeGreaterThan(29_000);
    await redis.set('not-ours', '1');
    expect(await store.delete([key, 'missing'])).toBe(1);
    await store.set(randomUUID(), answer, 30);
    expect(await store.flush()).toBeGreaterThanOrEqual(1);
    expect(await redis.get('not-ours')).toBe('1');
    await redis.del('not-ours');
  });

  it('reads garbage in Redis as a miss, not an error', async () => {
    const redis = client();
    await waitForRedis(redis);
    const key = randomUUID();
    await redis.set(`switchboard:cache:${key}`, '{not json', 'PX', 10_000);
    expect(await new RedisCacheStore(redis).get(key)).toBeUndefined();
    await redis.set(`switchboard:cache:${key}`, '{"bodyText":"x"}', 'PX', 10_000);
    expect(await new RedisCacheStore(redis).get(key)).toBeUndefined();
  });

  it('with Redis away, a lookup is a counted miss within its timeout, and a store is a counted failure', async () => {
    // Nothing listens on this port: every command fails at once (no offline queue).
    const away = createLimitsRedis('redis://127.0.0.1:1', { commandTimeoutMs: 50 });
    clients.push(away);
    const results: CacheResult[] = [];
    const failures: string[] = [];
    const settings = { type: 'redis', ttlSeconds: 60, mode: 'default_on', callTypes: new Set(['completion']), scope: 'team', countHitsInLimits: true, maxEntries: 10, maxBytes: 1_000_000, lookupTimeoutMs: 50 } as CacheSettings;
    const cache = new ResponseCache(settings, new RedisCacheStore(away), undefined, { result: (result) => results.push(result), failure: (operation) => failures.push(operation) });
    const plan = cache.plan({ route: '/chat/completions', modelGroup: 'g', body: { messages: [] }, cache: undefined, principal: undefined, cacheControl: undefined, stream: false })!;
    const started = Date.now();
    expect(await cache.lookup(plan)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
    cache.save(plan, answer);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(results).toEqual(['error']);
    expect(failures).toEqual(['lookup', 'store']);
  });

  it('takes a hit Redis answered while this process stalled past the lookup timeout', async () => {
    // The client's own timeout (500 ms) is the backstop; the lookup's deadline is 20 ms, and this process reads
    // nothing for 100 ms after asking. Redis answers within a millisecond: that answer is a hit, not a timeout
    // (a timer raced against the lookup gave its verdict before the socket was read: a miss, sent upstream).
    const redis = client();
    await waitForRedis(redis);
    const results: CacheResult[] = [];
    const settings = { type: 'redis', ttlSeconds: 60, mode: 'default_on', callTypes: new Set(['completion']), scope: 'team', countHitsInLimits: true, maxEntries: 10, maxBytes: 1_000_000, lookupTimeoutMs: 20 } as CacheSettings;
    const cache = new ResponseCache(settings, new RedisCacheStore(redis), undefined, { result: (result) => results.push(result), failure: () => undefined });
    const plan = cache.plan({ route: '/chat/completions', modelGroup: 'g', body: { messages: [{ role: 'user', content: randomUUID() }] }, cache: undefined, principal: undefined, cacheControl: undefined, stream: false })!;
    cache.save(plan, answer);
    await expect.poll(async () => (await cache.lookup(plan)) !== undefined).toBe(true);
    results.length = 0;
    const lookup = cache.lookup(plan);
    stall(100);
    expect((await lookup)?.answer.bodyText).toBe(answer.bodyText);
    expect(results).toEqual(['hit']);
  });

  it('carries a delete and a flush to every replica\'s in-process store', async () => {
    const replicas = [new LocalCacheStore(10, 100_000), new LocalCacheStore(10, 100_000)];
    const buses = replicas.map(
      (local) =>
        new CacheInvalidationBus(
          client(),
          client(),
          (message: CacheInvalidation) => void (message.kind === 'flush' ? local.flush() : local.delete(message.keys)),
          () => undefined,
        ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const local of replicas) {
      await local.set('a', answer, 60);
      await local.set('b', answer, 60);
    }
    await buses[0]!.publish({ kind: 'delete', keys: ['a'] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await replicas[1]!.get('a')).toBeUndefined();
    expect(await replicas[1]!.get('b')).toBeDefined();
    await buses[1]!.publish({ kind: 'flush' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(replicas.map((local) => local.stats.entries)).toEqual([0, 0]);
    buses.forEach((bus) => bus.close());
  });
});
