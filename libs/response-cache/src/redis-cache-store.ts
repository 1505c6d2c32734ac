import type { Redis } from 'ioredis';
import { readCachedAnswer, type CachedAnswer } from './cached-answer.ts';
import type { CacheStore } from './cache-store.ts';

/** Every key of ours starts with this, so a flush removes our entries and nothing else on a shared Redis. */
export const REDIS_CACHE_PREFIX = 'switchboard:cache:';

/**
 * The store every replica shares. The client is one that never queues or retries a command (see
 * createLimitsRedis): while Redis is away each call fails at once, and the caller counts a miss.
 */
export class RedisCacheStore implements CacheStore {
  readonly type = 'redis' as const;

  constructor(private readonly client: Redis) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const text = await this.client.get(REDIS_CACHE_PREFIX + key);
    if (text === null) return undefined;
    try {
      return readCachedAnswer(JSON.parse(text));
    } catch {
      return undefined;
    }
  }

  async set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    await this.client.set(REDIS_CACHE_PREFIX + key, JSON.stringify(answer), 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
  }

  async delete(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.client.unlink(...keys.map((key) => REDIS_CACHE_PREFIX + key));
  }

  async flush(): Promise<number> {
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await this.client.scan(cursor, 'MATCH', `${REDIS_CACHE_PREFIX}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await this.client.unlink(...keys);
    } while (cursor !== '0');
    return removed;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
