import { describe, expect, it } from 'vitest';
import { InProcessLimiter } from './in-process-limiter.ts';
import { windowOf, WINDOW_MS } from './rate-headers.ts';
import { acquireRequest as request } from './testing/acquire-request.ts';

function clock(start = Date.UTC(2026, 0, 1, 12, 0, 10)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** How many more requests of the scope the limiter admits now. */
async function admits(limiter: InProcessLimiter, scope: { id: string; rpm?: number; tpm?: number }, estimatedTokens = 0): Promise<number> {
  let n = 0;
  while ((await limiter.acquire(request({ rate: [scope], estimatedTokens }))).allowed) n += 1;
  return n;
}

describe('in-process limiter hearing the shared counts', () => {
  it("goes on from Redis's count of the window, and a lower count never lowers its own", async () => {
    const c = clock();
    const limiter = new InProcessLimiter(c.now);
    const scope = { id: 'key:heard', rpm: 10 };
    expect((await limiter.acquire(request({ rate: [scope] }))).allowed).toBe(true);
    limiter.rateCounted(scope.id, windowOf(c.now()), 6, 0);
    limiter.rateCounted(scope.id, windowOf(c.now()), 2, 0);
    expect(await admits(limiter, scope)).toBe(4);
  });

  it('counts tokens from what it heard too', async () => {
    const c = clock();
    const limiter = new InProcessLimiter(c.now);
    const scope = { id: 'key:tokens', tpm: 1_000 };
    limiter.rateCounted(scope.id, windowOf(c.now()), 1, 900);
    expect(await admits(limiter, scope, 50)).toBe(2);
  });

  it('ignores a count of a window already over, and starts the next window from nothing', async () => {
    const c = clock();
    const limiter = new InProcessLimiter(c.now);
    const scope = { id: 'key:windows', rpm: 5 };
    const window = windowOf(c.now());
    limiter.rateCounted(scope.id, window, 5, 0);
    expect(await admits(limiter, scope)).toBe(0);
    c.advance(WINDOW_MS);
    limiter.rateCounted(scope.id, window, 5, 0); // a late answer about the minute before
    expect(await admits(limiter, scope)).toBe(5);
  });

  it("a release after its window is over corrects nothing of the current window's count", async () => {
    const c = clock();
    const limiter = new InProcessLimiter(c.now);
    const scope = { id: 'key:late-release', tpm: 1_000 };
    const early = await limiter.acquire(request({ rate: [scope], estimatedTokens: 100 }));
    c.advance(WINDOW_MS);
    expect((await limiter.acquire(request({ rate: [scope], estimatedTokens: 900 }))).allowed).toBe(true);
    if (!early.allowed) throw new Error('expected admission');
    // Released as it returns: nothing to wait for (see Lease.release).
    expect(early.lease.release({ tokens: 10, costNano: 0 })).toBeUndefined();
    expect((await limiter.acquire(request({ rate: [scope], estimatedTokens: 200 }))).allowed).toBe(false);
  });

  it('takes the spend Redis settled as the least spent of a budget', async () => {
    const limiter = new InProcessLimiter();
    const budget = { id: 'key:spend', maxNano: 1_000, spentNano: 0 };
    limiter.spendCounted(budget.id, 1_000);
    limiter.spendCounted(budget.id, 400);
    expect(await limiter.spentNano(budget.id)).toBe(1_000);
    expect(await limiter.acquire(request({ budgets: [budget], estimatedCostNano: 10 }))).toMatchObject({ allowed: false, kind: 'budget' });
  });
});
