import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the local Redis answers. Outside CI a missing Redis skips its tests with a visible message;
 * under CI=true it is a failure, because CI always has one.
 */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}, and CI=true requires it`);
    console.warn(`SKIPPED: Redis is not reachable at ${TEST_REDIS_URL}; its tests are skipped (they fail under CI=true)`);
    return false;
  } finally {
    probe.disconnect();
  }
}
