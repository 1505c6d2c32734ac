import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLimitsRedis, InProcessLimiter, LeasedLimiter, RedisLimiter, ResilientLimiter, waitForRedis, windowOf, type Limiter } from './index.ts';
import { acquireRequest } from './testing/acquire-request.ts';
import { busyRedis } from './testing/busy-redis.ts';
import { redisAvailable, TEST_REDIS_URL } from './testing/require-redis.ts';
import { stall } from './testing/stall.ts';

const hasRedis = await redisAvailable();
const opened: Limiter[] = [];
afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()));
});

/** A clock the tests move by hand; the window is pinned unless they move it past a minute. */
function clock(start = Date.UTC(2026, 0, 1, 12, 0, 10)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const request = acquireRequest;

type Factory = (now: () => number) => Limiter | Promise<Limiter>;

async function redisLimiter(now: () => number, prefix = `sb:test:${randomUUID()}:`): Promise<RedisLimiter> {
  const client = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 1_000 });
  await waitForRedis(client);
  const limiter = new RedisLimiter(client, now, prefix);
  opened.push(limiter);
  return limiter;
}
/** A Redis limiter on a fresh prefix with a hand-moved clock, and a plain client to look at its keys. */
async function redisWithAdmin() {
  const prefix = `sb:test:${randomUUID()}:`;
  const c = clock();
  const limiter = await redisLimiter(c.now, prefix);
  const admin = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 1_000 });
  await waitForRedis(admin);
  return { prefix, c, limiter, admin };
}
/** The Redis limiter behind capacity leases, on the same prefix (its misses go to the exact limiter). */
async function leasedLimiter(now: () => number): Promise<LeasedLimiter> {
  const prefix = `sb:test:${randomUUID()}:`;
  const client = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 1_000 });
  await waitForRedis(client);
  const limiter = new LeasedLimiter(await redisLimiter(now, prefix), client, { now, prefix, syncMs: 20 });
  opened.push(limiter);
  return limiter;
}
const factories: [string, Factory, boolean][] = [
  ['in-process', (now) => new InProcessLimiter(now), true],
  ['redis', (now) => redisLimiter(now), hasRedis],
  ['leased (Redis)', (now) => leasedLimiter(now), hasRedis],
];

for (const [name, make, enabled] of factories) {
  describe.runIf(enabled)(`${name} limiter`, () => {
    it('admits exactly rpm requests per window, with Retry-After to the window end', async () => {
      const c = clock();
      const limiter = await make(c.now);
      const scope = { id: 'key:abc', rpm: 10 };
      const results = await Promise.all(Array.from({ length: 15 }, () => limiter.acquire(request({ rate: [scope] }))));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      const denied = results.find((r) => !r.allowed);
      expect(denied).toMatchObject({ allowed: false, kind: 'rate', retryAfterSeconds: 50, reason: 'rpm limit of 10 reached' });
      c.advance(60_000);
      expect((await limiter.acquire(request({ rate: [scope] }))).allowed).toBe(true);
    });

    it('answers each of many concurrent callers for its own scopes (Redis batches them into few script calls)', async () => {
      const limiter = await make(clock().now);
      const limits = [10, 25, 70];
      const calls = Array.from({ length: 210 }, (_, i) => ({ scope: i % 3, promise: limiter.acquire(request({ rate: [{ id: `key:mix-${i % 3}`, rpm: limits[i % 3] as number }] })) }));
      const results = await Promise.all(calls.map(async ({ scope, promise }) => ({ scope, admission: await promise })));
      for (const [scope, limit] of limits.entries()) {
        const mine = results.filter((r) => r.scope === scope);
        expect(mine.filter((r) => r.admission.allowed)).toHaveLength(limit);
        if (limit < 70) expect(mine.find((r) => !r.admission.allowed)?.admission).toMatchObject({ reason: `rpm limit of ${limit} reached` });
      }
      // Releases of one turn settle together: every slot comes back.
      const slots = { id: `key:slots-${randomUUID()}`, maxParallel: 5 };
      const held = (await Promise.all(Array.from({ length: 40 }, () => limiter.acquire(request({ rate: [slots] }))))).filter((a) => a.allowed);
      expect(held).toHaveLength(5);
      await Promise.all(held.map((a) => (a.allowed ? a.lease.release({ tokens: 0, costNano: 0 }) : undefined)));
      expect((await Promise.all(Array.from({ length: 40 }, () => limiter.acquire(request({ rate: [slots] }))))).filter((a) => a.allowed)).toHaveLength(5);
    });

    it('sends x-ratelimit headers for the tightest scope', async () => {
      const limiter = await make(clock().now);
      const admission = await limiter.acquire(request({ rate: [{ id: 'key:h', rpm: 5 }, { id: 'team:h', rpm: 100, tpm: 1000 }], estimatedTokens: 10 }));
      expect(admission.headers).toMatchObject({ 'x-ratelimit-limit-requests': '5', 'x-ratelimit-remaining-requests': '4', 'x-ratelimit-limit-tokens': '1000', 'x-ratelimit-remaining-tokens': '990' });
    });

    it('counts estimated tokens against tpm and settles the real count on release', async () => {
      const limiter = await make(clock().now);
      const scope = { id: 'model:gpt', tpm: 1_000 };
      const first = await limiter.acquire(request({ rate: [scope], estimatedTokens: 600 }));
      expect((await limiter.acquire(request({ rate: [scope], estimatedTokens: 600 }))).allowed).toBe(false);
      if (!first.allowed) throw new Error('expected admission');
      await first.lease.release({ tokens: 100, costNano: 0 });
      expect((await limiter.acquire(request({ rate: [scope], estimatedTokens: 600 }))).allowed).toBe(true);
    });

    it('holds parallel slots until release, and frees a leaked slot when its lease expires', async () => {
      const c = clock();
      const limiter = await make(c.now);
      const scope = { id: 'key:par', maxParallel: 2 };
      const a = await limiter.acquire(request({ rate: [scope], leaseMs: 5_000 }));
      const b = await limiter.acquire(request({ rate: [scope], leaseMs: 5_000 }));
      expect([a.allowed, b.allowed]).toEqual([true, true]);
      expect(await limiter.acquire(request({ rate: [scope] }))).toMatchObject({ allowed: false, reason: 'max_parallel_requests of 2 reached' });
      if (a.allowed) await a.lease.release({ tokens: 0, costNano: 0 });
      expect((await limiter.acquire(request({ rate: [scope], leaseMs: 5_000 }))).allowed).toBe(true);
      // b and the new one are never released (a crashed replica): their leases expire.
      c.advance(5_001);
      expect((await limiter.acquire(request({ rate: [scope] }))).allowed).toBe(true);
    });

    it('reserves budget before the call so parallel requests cannot overshoot', async () => {
      const limiter = await make(clock().now);
      const budget = { id: 'key:budget:p1', maxNano: 1_000, spentNano: 0 };
      const admissions = await Promise.all(Array.from({ length: 50 }, () => limiter.acquire(request({ budgets: [budget], estimatedCostNano: 100 }))));
      const admitted = admissions.filter((a) => a.allowed);
      expect(admitted).toHaveLength(10);
      expect(admissions.find((a) => !a.allowed)).toMatchObject({ kind: 'budget' });
      await Promise.all(admitted.map((a) => (a.allowed ? a.lease.release({ tokens: 0, costNano: 90 }) : undefined)));
      expect(await limiter.spentNano(budget.id)).toBe(900);
      expect((await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 100 }))).allowed).toBe(true);
      expect((await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 100 }))).allowed).toBe(false);
    });

    it('starts from the spend already in the database, admits while some remains and reserves at most what remains', async () => {
      const limiter = await make(clock().now);
      const budget = { id: 'team:t1:p1', maxNano: 1_000, spentNano: 950 };
      // 50 remain: a call whose worst case is 100 is admitted (as in LiteLLM) and holds the 50 that remain...
      expect((await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 100 }))).allowed).toBe(true);
      // ...so nothing remains for the next one, however small.
      expect((await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 1 }))).allowed).toBe(false);
      const spent = { id: 'team:t2:p1', maxNano: 1_000, spentNano: 1_000 };
      expect((await limiter.acquire(request({ budgets: [spent], estimatedCostNano: 0 }))).allowed).toBe(false);
    });

    it('allows nothing under a limit of 0 (rpm, tpm or parallel), and anything without one', async () => {
      const limiter = await make(clock().now);
      for (const scope of [{ id: 'key:r0', rpm: 0 }, { id: 'key:t0', tpm: 0 }, { id: 'key:p0', maxParallel: 0 }]) {
        expect((await limiter.acquire(request({ rate: [scope], estimatedTokens: 1 }))).allowed).toBe(false);
      }
      expect((await limiter.acquire(request({ rate: [{ id: 'key:none' }] }))).allowed).toBe(true);
    });

    it('counts nothing anywhere when one scope refuses (all or nothing)', async () => {
      const limiter = await make(clock().now);
      const open = { id: 'user:u1', rpm: 100 };
      const full = { id: 'team:full', rpm: 1 };
      expect((await limiter.acquire(request({ rate: [open, full] }))).allowed).toBe(true);
      expect((await limiter.acquire(request({ rate: [open, full] }))).allowed).toBe(false);
      const check = await limiter.acquire(request({ rate: [open] }));
      // Leases report what remains after a sync that may have raced the count; never more than remains.
      if (name.startsWith('leased')) expect(Number(check.headers['x-ratelimit-remaining-requests'])).toBeLessThanOrEqual(98);
      else expect(check.headers['x-ratelimit-remaining-requests']).toBe('98');
    });
  });
}

describe.runIf(hasRedis)('shared across replicas', () => {
  it('two limiters on one Redis admit exactly the limit between them', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const c = clock();
    const a = await redisLimiter(c.now, prefix);
    const b = await redisLimiter(c.now, prefix);
    const scope = { id: 'key:shared', rpm: 10 };
    // Round robin, one after the other, as a balancer sends them.
    const results = [];
    for (let i = 0; i < 60; i++) results.push(await (i % 2 === 0 ? a : b).acquire(request({ rate: [scope] })));
    // And concurrently: still exactly the limit in all.
    const burst = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).acquire(request({ rate: [{ id: 'key:shared-burst', rpm: 10 }] }))));
    expect(burst.filter((r) => r.allowed)).toHaveLength(10);
    const admittedBy = results.map((r, i) => (r.allowed ? (i % 2 === 0 ? 'a' : 'b') : undefined)).filter(Boolean);
    expect(admittedBy).toHaveLength(10);
    expect(new Set(admittedBy)).toEqual(new Set(['a', 'b']));
  });
});

describe.runIf(hasRedis)('budget reservations in Redis', () => {
  it('keeps their sum as they come and go, and counts a hash written before the sum existed', async () => {
    const { prefix, c, limiter, admin } = await redisWithAdmin();
    // An open reservation of 900 left by an earlier version (no __total field).
    await admin.hset(`${prefix}key:legacy:held`, 'old-lease', '900');
    await admin.zadd(`${prefix}key:legacy:held-until`, c.now() + 60_000, 'old-lease');
    const budget = { id: 'key:legacy', maxNano: 1_000, spentNano: 0 };
    // 100 remain: a worst case of 200 is admitted holding the 100, and then nothing remains.
    const capped = await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 200 }));
    expect(capped.allowed).toBe(true);
    expect(await admin.hget(`${prefix}key:legacy:held`, '__total')).toBe('1000');
    expect((await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 100 }))).allowed).toBe(false);
    if (capped.allowed) await capped.lease.release({ tokens: 0, costNano: 40 });
    expect(await admin.hget(`${prefix}key:legacy:held`, '__total')).toBe('900');
    // The old lease expires: its amount leaves the sum when the next admission cleans up.
    c.advance(61_000);
    expect((await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 960 }))).allowed).toBe(true);
    expect(await admin.hget(`${prefix}key:legacy:held`, '__total')).toBe('960');
    admin.disconnect();
  });
});

describe.runIf(hasRedis)('keys in Redis', () => {
  it('gives a window counter its expiry when it is created, and a later count keeps it', async () => {
    const { prefix, c, limiter, admin } = await redisWithAdmin();
    const scope = { id: 'key:ttl', rpm: 100, tpm: 100_000 };
    const window = Math.floor(c.now() / 60_000);
    const ttls = async () => [await admin.ttl(`${prefix}key:ttl:req:${window}`), await admin.ttl(`${prefix}key:ttl:tok:${window}`)];
    await limiter.acquire(request({ rate: [scope], estimatedTokens: 50 }));
    for (const ttl of await ttls()) expect(ttl).toBeGreaterThan(100);
    await admin.expire(`${prefix}key:ttl:req:${window}`, 90);
    await limiter.acquire(request({ rate: [scope], estimatedTokens: 50 }));
    const [req, tok] = await ttls();
    expect(req).toBeLessThanOrEqual(90);
    expect(req).toBeGreaterThan(0);
    expect(tok).toBeGreaterThan(100);
    // A token counter gone while its request counter lives (expired a moment apart) is created with an expiry.
    await admin.del(`${prefix}key:ttl:tok:${window}`);
    await limiter.acquire(request({ rate: [scope], estimatedTokens: 50 }));
    expect((await ttls())[1]).toBeGreaterThan(100);
    admin.disconnect();
  });

  it('drops the slots of expired leases when another lease of the scope is released', async () => {
    const { prefix, c, limiter, admin } = await redisWithAdmin();
    const scope = { id: 'key:stale', maxParallel: 3 };
    await limiter.acquire(request({ rate: [scope], leaseMs: 1_000 }));
    await limiter.acquire(request({ rate: [scope], leaseMs: 1_000 }));
    c.advance(1_001);
    // The two leaked slots no longer count ...
    const live = await Promise.all(Array.from({ length: 3 }, () => limiter.acquire(request({ rate: [scope], leaseMs: 60_000 }))));
    expect(live.every((a) => a.allowed)).toBe(true);
    expect(await admin.zcard(`${prefix}key:stale:slots`)).toBe(5);
    // ... and leave the set when a slot is released.
    const [first] = live;
    if (first?.allowed) await first.lease.release({ tokens: 0, costNano: 0 });
    expect(await admin.zcard(`${prefix}key:stale:slots`)).toBe(2);
    admin.disconnect();
  });
});

describe.runIf(hasRedis)('when a Redis call times out on our side', () => {
  it('frees the slot and reservation the call took once Redis runs it, so nothing leaks until lease expiry', async () => {
    const prefix = `sb:test:${randomUUID()}:`;
    const client = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 30 });
    await waitForRedis(client);
    const limiter = new RedisLimiter(client, Date.now, prefix);
    opened.push(limiter);
    const blocker = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 5_000 });
    await waitForRedis(blocker);
    const busy = busyRedis(blocker, 200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const scope = { id: 'key:timeout', maxParallel: 10 };
    const budget = { id: 'key:timeout:total', maxNano: 1e12, spentNano: 0 };
    await expect(limiter.acquire(request({ rate: [scope], budgets: [budget], estimatedCostNano: 5_000 }))).rejects.toThrow(/timed out/i);
    await busy;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await blocker.zcard(`${prefix}${scope.id}:slots`)).toBe(0);
    expect(await blocker.hgetall(`${prefix}${budget.id}:held`)).toEqual({ __total: '0' });
    blocker.disconnect();
  });
});

describe.runIf(hasRedis)('when Redis answers after the deadline and the in-process fallback admits instead', () => {
  /** A replica's limiter as the gateway builds it, its fallback hearing Redis's counts or not, and a client to keep Redis busy. */
  async function replica(hearsCounts: boolean, now: () => number = Date.now) {
    const prefix = `sb:test:${randomUUID()}:`;
    const client = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 1_000 });
    const blocker = createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 5_000 });
    await Promise.all([waitForRedis(client), waitForRedis(blocker)]);
    const local = new InProcessLimiter(now);
    const exact = new RedisLimiter(client, now, prefix, 50, hearsCounts ? local : undefined);
    const fallbacks: unknown[] = [];
    const limiter = new ResilientLimiter(exact, local, { onFallback: (error) => fallbacks.push(error) });
    opened.push(limiter);
    return { prefix, client, blocker, local, limiter, fallbacks };
  }

  /** rpm 3 used up through Redis, then a fourth request while Redis spins for 200 ms. */
  async function fourthWhileRedisIsBusy(hearsCounts: boolean) {
    const { blocker, limiter, fallbacks } = await replica(hearsCounts);
    const scope = { id: 'key:late', rpm: 3 };
    for (let i = 0; i < 3; i += 1) expect((await limiter.acquire(request({ rate: [scope] }))).allowed).toBe(true);
    const busy = busyRedis(blocker, 200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const fourth = await limiter.acquire(request({ rate: [scope] }));
    await busy;
    blocker.disconnect();
    return { fourth, fallbacks };
  }

  it('goes on from the count Redis last gave: a limit used up stays used up', async () => {
    const { fourth, fallbacks } = await fourthWhileRedisIsBusy(true);
    expect(fallbacks).toHaveLength(1);
    expect(fourth).toMatchObject({ allowed: false, reason: 'rpm limit of 3 reached' });
  });

  it('(why: a fallback that started from nothing admitted a whole limit again)', async () => {
    const { fourth, fallbacks } = await fourthWhileRedisIsBusy(false);
    expect(fallbacks).toHaveLength(1);
    expect(fourth.allowed).toBe(true);
  });

  it("goes on from a lease sync's count, the replica's unused grant in it, and from the spend the sync settled", async () => {
    const c = clock();
    const { prefix, client, local } = await replica(true, c.now);
    // Only the syncs tell the fallback here (the exact limiter does in the gateway too, tested above).
    const leased = new LeasedLimiter(new RedisLimiter(client, c.now, prefix, 50), client, { now: c.now, prefix, syncMs: 60_000, counts: local });
    opened.push(leased);
    const scope = { id: 'key:leased-late', rpm: 1_000 };
    const budget = { id: 'key:leased-late:total', maxNano: 1e12, spentNano: 0 };
    const twenty = () => Promise.all(Array.from({ length: 20 }, () => leased.acquire(request({ rate: [scope], budgets: [budget], estimatedCostNano: 1_000 }))));
    const first = await twenty();
    await Promise.all(first.map((d) => (d.allowed ? d.lease.release({ tokens: 0, costNano: 700 }) : undefined)));
    // The sync the misses started takes a grant, and the exact releases settle their spend in Redis; twenty
    // more in flight make the next sync carry the budget, and it hears that spend.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await twenty()).every((d) => d.allowed)).toBe(true);
    await leased.syncNow();
    const counted = Number(await client.get(`${prefix}${scope.id}:req:${windowOf(c.now())}`));
    expect(counted).toBeGreaterThan(40); // a grant is counted in Redis besides the 40 admitted
    // What the fallback would admit of the window: only what Redis has not counted.
    let fallbackAdmits = 0;
    while ((await local.acquire(request({ rate: [scope] }))).allowed) fallbackAdmits += 1;
    expect(fallbackAdmits).toBe(1_000 - counted);
    expect(await local.spentNano(budget.id)).toBe(20 * 700);
  });
});

describe.runIf(hasRedis)('after a stall of this process longer than the deadline', () => {
  /** rpm 1 used up, then a second request whose answer (a refusal) Redis gives while this process stalls. */
  async function secondAfterStall(client: ReturnType<typeof createLimitsRedis>, timeoutMs: number | undefined) {
    await waitForRedis(client);
    const fallbacks: unknown[] = [];
    const limiter = new ResilientLimiter(new RedisLimiter(client, Date.now, `sb:test:${randomUUID()}:`, timeoutMs), new InProcessLimiter(), { onFallback: (error) => fallbacks.push(error) });
    opened.push(limiter);
    const scope = { id: 'key:stall', rpm: 1 };
    expect((await limiter.acquire(request({ rate: [scope] }))).allowed).toBe(true);
    const second = limiter.acquire(request({ rate: [scope] }));
    // The call goes out at the end of this turn (the batcher's setImmediate); then nothing is read for 150 ms.
    await new Promise((resolve) => setImmediate(resolve));
    stall(150);
    return { decision: await second, fallbacks };
  }

  it("takes Redis's refusal that arrived meanwhile: the in-process fallback does not admit past a shared limit", async () => {
    const { decision, fallbacks } = await secondAfterStall(createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 1_000 }), 50);
    expect(decision.allowed).toBe(false);
    expect(fallbacks).toEqual([]);
  });

  it("(why: with only the client's own 50 ms timeout, the same stall counted as a timeout and the fallback admitted it)", async () => {
    const { decision, fallbacks } = await secondAfterStall(createLimitsRedis(TEST_REDIS_URL, { commandTimeoutMs: 50 }), undefined);
    expect(decision.allowed).toBe(true);
    expect(fallbacks).toHaveLength(1);
  });
});

describe('when Redis is unreachable', () => {
  it('falls back to in-process limits at once and reports it', async () => {
    const fallbacks: unknown[] = [];
    const dead = new RedisLimiter(createLimitsRedis('redis://127.0.0.1:1', { connectTimeoutMs: 200 }), Date.now, 'sb:test:dead:');
    const limiter = new ResilientLimiter(dead, new InProcessLimiter(), { onFallback: (e) => fallbacks.push(e) });
    opened.push(limiter);
    const results = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire(request({ rate: [{ id: 'key:x', rpm: 3 }] }))));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect(fallbacks.length).toBe(5);
    // At once: each call was refused by the client because nothing is connected, not timed out after waiting.
    for (const error of fallbacks) expect(String(error)).toMatch(/enableOfflineQueue/);
  });
});
