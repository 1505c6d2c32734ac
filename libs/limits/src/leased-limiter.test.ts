import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLimitsRedis, InProcessLimiter, LeasedLimiter, RedisLimiter, ResilientLimiter, waitForRedis, windowOf, type LimitDecision } from './index.ts';
import { acquireRequest } from './testing/acquire-request.ts';
import { redisAvailable, TEST_REDIS_URL } from './testing/require-redis.ts';

const hasRedis = await redisAvailable();
const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const request = acquireRequest;

/** The exact limiter, counting the requests that reach it (a lease's admissions never do). */
class CountingRedisLimiter extends RedisLimiter {
  calls = 0;
  override acquire(...args: Parameters<RedisLimiter['acquire']>): Promise<LimitDecision> {
    this.calls += 1;
    return super.acquire(...args);
  }
}

async function client() {
  const redis = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 1_000 });
  await waitForRedis(redis);
  closers.push(() => redis.disconnect());
  return redis;
}

/** A replica: a leased limiter over its own exact limiter, on the prefix the test shares between replicas. */
async function replica(prefix: string, options: { now?: () => number; holdMs?: number; syncMs?: number } = {}) {
  const now = options.now ?? Date.now;
  const exact = new CountingRedisLimiter(await client(), now, prefix);
  const limiter = new LeasedLimiter(exact, await client(), { now, prefix, syncMs: options.syncMs ?? 10, holdMs: options.holdMs ?? 10_000 });
  return { exact, limiter };
}

const admitted = (decisions: LimitDecision[]) => decisions.filter((d): d is Extract<LimitDecision, { allowed: true }> => d.allowed);

describe.runIf(hasRedis)('leased limiter', () => {
  it('admits from its lease without a Redis call once demand has been seen, and reports the remaining requests', async () => {
    const { exact, limiter } = await replica(`sb:test:${randomUUID()}:`);
    const scope = { id: 'key:warm', rpm: 100_000 };
    // The grant is sized to the demand of the last sync: 20 requests ask for room for about 40.
    expect(admitted(await Promise.all(Array.from({ length: 20 }, () => limiter.acquire(request({ rate: [scope] })))))).toHaveLength(20);
    await limiter.syncNow();
    const before = exact.calls;
    const decided = Array.from({ length: 20 }, () => limiter.acquire(request({ rate: [scope] })));
    // Decided at once, not as promises: a covered call waits for nothing (see Limiter.acquire).
    expect(decided.filter((decision) => decision instanceof Promise)).toEqual([]);
    const next = await Promise.all(decided);
    expect(admitted(next)).toHaveLength(20);
    expect(exact.calls).toBe(before);
    expect(next.at(-1)?.headers['x-ratelimit-remaining-requests']).toBe(String(100_000 - 40));
    // A lease's admission is released as it returns: nothing to wait for (see Lease.release).
    expect(admitted(next).map((decision) => decision.lease.release({ tokens: 0, costNano: 0 }))).toEqual(Array(20).fill(undefined));
    await limiter.close();
  });

  it("takes a budget hold at the lease's first sync, and admits from it without a Redis call", async () => {
    const { exact, limiter } = await replica(`sb:test:${randomUUID()}:`, { syncMs: 60_000 });
    const budget = { id: 'key:warm:total', maxNano: 1e12, spentNano: 0 };
    const twenty = () => Promise.all(Array.from({ length: 20 }, () => limiter.acquire(request({ budgets: [budget], estimatedCostNano: 1_000 }))));
    expect(admitted(await twenty())).toHaveLength(20);
    await limiter.syncNow();
    const before = exact.calls;
    expect(admitted(await twenty())).toHaveLength(20);
    expect(exact.calls).toBe(before);
    await limiter.close();
  });

  it('leaves a quiet scope to the exact limiter: no grant taken, nothing held for it in Redis', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const { exact, limiter } = await replica(prefix);
    const scope = { id: 'key:quiet', rpm: 100_000, maxParallel: 1_000 };
    for (let i = 0; i < 5; i += 1) {
      const decision = await limiter.acquire(request({ rate: [scope] }));
      if (decision.allowed) await decision.lease.release({ tokens: 0, costNano: 0 });
      await limiter.syncNow();
    }
    expect(exact.calls).toBe(5);
    const redis = await client();
    expect(Number(await redis.get(`${prefix}key:quiet:req:${windowOf(Date.now())}`))).toBe(5);
    expect(await redis.zcard(`${prefix}key:quiet:slots`)).toBe(0);
    await limiter.close();
  });

  it('never lets two replicas admit past an rpm limit between them, and hands unused grants back on close', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    // One minute for the whole test: on the wall clock it could cross into the next (a fresh window).
    const now = () => Date.UTC(2026, 0, 1, 12, 0, 10);
    const a = await replica(prefix, { now });
    const b = await replica(prefix, { now });
    const scope = { id: 'key:shared', rpm: 3_000 };
    let total = 0;
    // Waves of concurrent requests on both replicas, with syncs in between, until both are refused.
    for (let wave = 0; wave < 200; wave += 1) {
      const decisions = await Promise.all([a, b].flatMap(({ limiter }) => Array.from({ length: 25 }, () => limiter.acquire(request({ rate: [scope] })))));
      total += admitted(decisions).length;
      if (admitted(decisions).length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(total).toBeLessThanOrEqual(3_000);
    // What one replica held unused was refused to the other, but never more than a sixteenth of what remained.
    expect(total).toBeGreaterThanOrEqual(3_000 - 3_000 / 16);
    await a.limiter.close();
    await b.limiter.close();
    const redis = await client();
    expect(Number(await redis.get(`${prefix}key:shared:req:${windowOf(now())}`))).toBe(total);
  });

  it('settles real token counts against tpm with the sync', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const { limiter } = await replica(prefix);
    const scope = { id: 'key:tok', tpm: 1_000_000 };
    await limiter.acquire(request({ rate: [scope], estimatedTokens: 10 }));
    await limiter.syncNow();
    const decisions = admitted(await Promise.all(Array.from({ length: 10 }, () => limiter.acquire(request({ rate: [scope], estimatedTokens: 10 })))));
    expect(decisions).toHaveLength(10);
    for (const decision of decisions) await decision.lease.release({ tokens: 35, costNano: 0 });
    await limiter.close();
    const redis = await client();
    // The first request went to Redis on its own (its estimate, never released); the ten settle at 35 each.
    expect(Number(await redis.get(`${prefix}key:tok:tok:${windowOf(Date.now())}`))).toBe(10 + 350);
  });

  it('never spends past a budget between two replicas, and settles every cost into Redis', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const a = await replica(prefix);
    const b = await replica(prefix);
    const budget = { id: 'key:budget:p1', maxNano: 2_000_000, spentNano: 0 };
    let spent = 0;
    for (let wave = 0; wave < 200; wave += 1) {
      const decisions = admitted(await Promise.all([a, b].flatMap(({ limiter }) => Array.from({ length: 20 }, () => limiter.acquire(request({ budgets: [budget], estimatedCostNano: 1_000 }))))));
      if (decisions.length === 0) break;
      await Promise.all(decisions.map((decision) => decision.lease.release({ tokens: 0, costNano: 1_000 })));
      spent += decisions.length * 1_000;
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(spent).toBeLessThanOrEqual(2_000_000);
    expect(spent).toBeGreaterThanOrEqual(2_000_000 - 2_000_000 / 16);
    await a.limiter.close();
    await b.limiter.close();
    const redis = await client();
    expect(Number(await redis.get(`${prefix}key:budget:p1:spent`))).toBe(spent);
    expect(Number(await redis.hget(`${prefix}key:budget:p1:held`, '__total'))).toBe(0);
  });

  it('keeps parallel requests across replicas within max_parallel_requests', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const a = await replica(prefix);
    const b = await replica(prefix);
    const scope = { id: 'key:par', maxParallel: 200 };
    const held: Extract<LimitDecision, { allowed: true }>[] = [];
    for (let wave = 0; wave < 40; wave += 1) {
      held.push(...admitted(await Promise.all([a, b].flatMap(({ limiter }) => Array.from({ length: 10 }, () => limiter.acquire(request({ rate: [scope] })))))));
      expect(held.length).toBeLessThanOrEqual(200);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(held.length).toBeGreaterThanOrEqual(200 - 200 / 16);
    await Promise.all(held.map((d) => d.lease.release({ tokens: 0, costNano: 0 })));
    await a.limiter.close();
    await b.limiter.close();
    const redis = await client();
    expect(await redis.zcount(`${prefix}key:par:slots`, `(${Date.now()}`, '+inf')).toBe(0);
  });

  it("frees a replica's slots once it stops syncing (a replica that died)", async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const start = Date.now();
    // The dead replica's clock stands still, so whatever it still syncs is held only until start + 1 s; its
    // requests in flight hold their own slots for 500 ms.
    const dead = await replica(prefix, { now: () => start, holdMs: 1_000 });
    let now = start;
    const live = await replica(prefix, { now: () => now });
    const scope = { id: 'key:gone', maxParallel: 64 };
    const deadRequest = () => request({ rate: [scope], leaseMs: 500 });
    expect(admitted(await Promise.all(Array.from({ length: 40 }, () => dead.limiter.acquire(deadRequest()))))).toHaveLength(40);
    await dead.limiter.syncNow();
    expect(admitted(await Promise.all(Array.from({ length: 40 }, () => dead.limiter.acquire(deadRequest())))).length).toBeGreaterThan(0);
    const first = admitted(await Promise.all(Array.from({ length: 64 }, () => live.limiter.acquire(request({ rate: [scope] })))));
    expect(first.length).toBeLessThan(24);
    await Promise.all(first.map((d) => d.lease.release({ tokens: 0, costNano: 0 })));
    now = start + 2_000;
    expect(admitted(await Promise.all(Array.from({ length: 64 }, () => live.limiter.acquire(request({ rate: [scope] })))))).toHaveLength(64);
    closers.push(() => dead.limiter.close(), () => live.limiter.close());
  });

  it('starts a new window from nothing', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    let now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const { exact, limiter } = await replica(prefix, { now: () => now });
    const scope = { id: 'key:roll', rpm: 1_000 };
    await limiter.acquire(request({ rate: [scope] }));
    await limiter.syncNow();
    expect((await limiter.acquire(request({ rate: [scope] }))).headers['x-ratelimit-remaining-requests']).toBe('998');
    now += 60_000;
    const calls = exact.calls;
    const decision = await limiter.acquire(request({ rate: [scope] }));
    // Last window's grant is not this window's: the request goes to Redis, which counts it first.
    expect(exact.calls).toBe(calls + 1);
    // 999, or a few less if this minute's first grant reached Redis before the request (never more).
    expect(Number(decision.headers['x-ratelimit-remaining-requests'])).toBeLessThanOrEqual(999);
    expect(Number(decision.headers['x-ratelimit-remaining-requests'])).toBeGreaterThanOrEqual(995);
    await limiter.close();
  });

  it('admits nothing from a grant taken under a higher limit once the limit is lowered', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const { limiter } = await replica(prefix);
    const before = { id: 'key:lowered', rpm: 100_000 };
    let total = admitted(await Promise.all(Array.from({ length: 20 }, () => limiter.acquire(request({ rate: [before] }))))).length;
    await limiter.syncNow();
    total += admitted(await Promise.all(Array.from({ length: 10 }, () => limiter.acquire(request({ rate: [before] }))))).length;
    expect(total).toBe(30);
    // The key is updated to 40 rpm: ten more this window, whatever this replica still holds of the old grant.
    const after = { id: 'key:lowered', rpm: 40 };
    for (let wave = 0; wave < 10; wave += 1) {
      total += admitted(await Promise.all(Array.from({ length: 10 }, () => limiter.acquire(request({ rate: [after] }))))).length;
      await limiter.syncNow();
    }
    expect(total).toBe(40);
    await limiter.close();
  });

  it('hands a budget hold back when the budget is lowered, and spends no more than the new maximum', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const { limiter } = await replica(prefix);
    const spendAll = async (budget: { id: string; maxNano: number; spentNano: number }) => {
      let spent = 0;
      for (let wave = 0; wave < 50; wave += 1) {
        const decisions = admitted(await Promise.all(Array.from({ length: 10 }, () => limiter.acquire(request({ budgets: [budget], estimatedCostNano: 1_000 })))));
        await Promise.all(decisions.map((d) => d.lease.release({ tokens: 0, costNano: 1_000 })));
        spent += decisions.length * 1_000;
        await limiter.syncNow();
      }
      return spent;
    };
    const first = await spendAll({ id: 'key:b:lowered', maxNano: 10_000_000, spentNano: 0 });
    expect(first).toBe(500_000);
    const second = await spendAll({ id: 'key:b:lowered', maxNano: 600_000, spentNano: 0 });
    expect(first + second).toBeLessThanOrEqual(600_000);
    expect(first + second).toBeGreaterThanOrEqual(600_000 - 600_000 / 16);
    await limiter.close();
    const redis = await client();
    expect(Number(await redis.get(`${prefix}key:b:lowered:spent`))).toBe(first + second);
  });

  it('falls back to in-process limits when Redis is unreachable', async () => {
    const dead = createLimitsRedis('redis://127.0.0.1:1', { connectTimeoutMs: 200 });
    const leased = new LeasedLimiter(new RedisLimiter(dead, Date.now, 'sb:test:dead:'), dead, { prefix: 'sb:test:dead:', syncMs: 10 });
    const limiter = new ResilientLimiter(leased, new InProcessLimiter());
    const decisions = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire(request({ rate: [{ id: 'key:x', rpm: 3 }] }))));
    expect(admitted(decisions)).toHaveLength(3);
    await limiter.close();
  });
});
