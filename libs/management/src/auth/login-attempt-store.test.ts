import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLimitsRedis } from '@switchboard/limits';
import { redisAvailable, TEST_REDIS_URL } from '@switchboard/limits-testing';
import { InProcessLoginAttempts } from './in-process-login-attempts.ts';
import type { LoginAttemptStore, LoginBucket } from './login-attempt-store.ts';
import { RedisLoginAttempts } from './redis-login-attempts.ts';

const redis = await redisAvailable();
const silent = { warn: () => undefined };
const WINDOW = 60_000;

/**
 * `replicas(now)`: two stores that share one count (two backend replicas), each reading the clock `now`.
 * In-process, "two replicas" is one store: it is only shared inside one process.
 */
interface StoreKind {
  name: string;
  skip: boolean;
  replicas(now: () => number): Promise<[LoginAttemptStore, LoginAttemptStore]>;
}

const opened: LoginAttemptStore[] = [];
const kinds: StoreKind[] = [
  {
    name: 'InProcessLoginAttempts',
    skip: false,
    async replicas(now) {
      const store = new InProcessLoginAttempts({ now });
      return [store, store];
    },
  },
  {
    name: 'RedisLoginAttempts',
    skip: !redis,
    async replicas(now) {
      // A fresh prefix per test: tests (and other test files) never see each other's attempts.
      const prefix = `test-login-${randomUUID()}`;
      const replica = () => new RedisLoginAttempts(createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 2_000 }), silent, { prefix, now });
      const stores: [LoginAttemptStore, LoginAttemptStore] = [replica(), replica()];
      opened.push(...stores);
      return stores;
    },
  },
];

afterAll(async () => {
  for (const store of opened) await store.close();
});

for (const kind of kinds) {
  describe.skipIf(kind.skip)(kind.name, () => {
    const bucket = (key: string, limit = 3): LoginBucket => ({ key, limit, windowMs: WINDOW });
    const clock = () => {
      const state = { now: Date.now() };
      return { state, now: () => state.now };
    };

    it('grants up to the limit, then refuses until the oldest attempt leaves the window', async () => {
      const { state, now } = clock();
      const [store] = await kind.replicas(now);
      for (let i = 0; i < 3; i++) {
        expect((await store.reserve([bucket('account:alice')])).granted).toBe(true);
        state.now += 10_000;
      }
      expect(await store.reserve([bucket('account:alice')])).toEqual({ granted: false, retryAfterSeconds: 30 });
      expect((await store.reserve([bucket('account:bob')])).granted).toBe(true);
      state.now += 30_000;
      expect((await store.reserve([bucket('account:alice')])).granted).toBe(true);
      expect(await store.reserve([bucket('account:alice')])).toEqual({ granted: false, retryAfterSeconds: 10 });
    });

    it('records nothing in any bucket when one of them is full', async () => {
      const { now } = clock();
      const [store] = await kind.replicas(now);
      for (let i = 0; i < 2; i++) expect((await store.reserve([bucket('source:1.2.3.4', 2)])).granted).toBe(true);
      for (let i = 0; i < 5; i++) expect((await store.reserve([bucket('account:carol'), bucket('source:1.2.3.4', 2)])).granted).toBe(false);
      // The refused attempts did not count on carol's account.
      for (let i = 0; i < 3; i++) expect((await store.reserve([bucket('account:carol')])).granted).toBe(true);
    });

    it('forgets one attempt, or clears a whole bucket', async () => {
      const { now } = clock();
      const [store] = await kind.replicas(now);
      const first = await store.reserve([bucket('account:dave'), bucket('source:5.6.7.8')]);
      await store.reserve([bucket('source:5.6.7.8')]);
      await store.reserve([bucket('source:5.6.7.8')]);
      expect((await store.reserve([bucket('source:5.6.7.8')])).granted).toBe(false);
      if (!first.granted) throw new Error('the first attempt was refused');
      await store.forget('source:5.6.7.8', first.id);
      expect((await store.reserve([bucket('source:5.6.7.8')])).granted).toBe(true);
      expect((await store.reserve([bucket('source:5.6.7.8')])).granted).toBe(false);
      await store.clear('source:5.6.7.8');
      for (let i = 0; i < 3; i++) expect((await store.reserve([bucket('source:5.6.7.8')])).granted).toBe(true);
      // Forgetting an unknown id or clearing an empty bucket changes nothing.
      await store.forget('account:nobody', 'no-such-id');
      await store.clear('account:nobody');
    });

    it('grants exactly the limit to 200 concurrent attempts on two replicas', async () => {
      const { now } = clock();
      const [a, b] = await kind.replicas(now);
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).reserve([bucket('account:erin', 10)])));
      expect(results.filter((result) => result.granted)).toHaveLength(10);
      expect(results.filter((result) => !result.granted).every((result) => !result.granted && result.retryAfterSeconds === 60)).toBe(true);
    });
  });
}

describe.skipIf(!redis)('RedisLoginAttempts while Redis fails', () => {
  it('counts in this process instead, and says so', async () => {
    const warnings: string[] = [];
    // Nothing listens on port 1: every command fails at once (no offline queue).
    const store = new RedisLoginAttempts(createLimitsRedis('redis://127.0.0.1:1', { connectTimeoutMs: 100 }), { warn: (_fields, message) => warnings.push(message) }, { connectWaitMs: 20 });
    try {
      const results = [];
      for (let i = 0; i < 4; i++) results.push((await store.reserve([{ key: 'account:frank', limit: 3, windowMs: WINDOW }])).granted);
      expect(results).toEqual([true, true, true, false]);
      await store.clear('account:frank');
      expect((await store.reserve([{ key: 'account:frank', limit: 3, windowMs: WINDOW }])).granted).toBe(true);
      expect(warnings[0]).toBe('redis login throttle failed; counting login attempts in this process');
    } finally {
      await store.close();
    }
  });
});
