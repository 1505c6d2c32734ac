import { describe, expect, it } from 'vitest';
import { InProcessLimiter } from './in-process-limiter.ts';
import { ResilientLimiter } from './resilient-limiter.ts';
import type { AcquireRequest, LimitDecision, Limiter } from './types.ts';

const request: AcquireRequest = { requestId: 'r1', rate: [{ id: 'key:k', rpm: 1 }], budgets: [], estimatedTokens: 0, estimatedCostNano: 0, leaseMs: 60_000 };

/** A shared limiter that fails the way a client can: a rejected promise, or a throw before any promise. */
function failing(how: 'rejects' | 'throws'): Limiter {
  const down = new Error('redis down');
  return {
    acquire: () => {
      if (how === 'throws') throw down;
      return Promise.reject(down);
    },
    spentNano: () => Promise.reject(down),
    close: async () => undefined,
  } as unknown as Limiter;
}

describe('ResilientLimiter', () => {
  for (const how of ['rejects', 'throws'] as const) {
    it(`answers from in-process limits when the shared limiter ${how}, and reports each fallback`, async () => {
      const fallbacks: unknown[] = [];
      const limiter = new ResilientLimiter(failing(how), new InProcessLimiter(), { onFallback: (error) => fallbacks.push(error) });
      expect((await limiter.acquire(request)).allowed).toBe(true);
      expect((await limiter.acquire({ ...request, requestId: 'r2' })).allowed).toBe(false);
      expect(fallbacks).toHaveLength(2);
      expect(await limiter.spentNano('key:k')).toBe(0);
    });
  }

  it("passes a decision the shared limiter made at once on as it is (no promise), and a waited one as a promise", async () => {
    const limiter = new ResilientLimiter(new InProcessLimiter(), new InProcessLimiter(), { onFallback: () => expect.fail('no fallback') });
    const decided = limiter.acquire(request);
    expect(decided).not.toBeInstanceOf(Promise);
    expect((decided as LimitDecision).allowed).toBe(true);
    const inner = new InProcessLimiter();
    const waiting = new ResilientLimiter({ acquire: async (req: AcquireRequest) => inner.acquire(req), spentNano: (id: string) => inner.spentNano(id), close: () => inner.close() }, new InProcessLimiter());
    const promised = waiting.acquire(request);
    expect(promised).toBeInstanceOf(Promise);
    expect((await promised).allowed).toBe(true);
  });

  it("takes the shared limiter's answer while it answers", async () => {
    const shared = new InProcessLimiter();
    const limiter = new ResilientLimiter(shared, new InProcessLimiter(), { onFallback: () => expect.fail('no fallback') });
    expect((await limiter.acquire(request)).allowed).toBe(true);
    expect((await shared.acquire({ ...request, requestId: 'r2' })).allowed).toBe(false);
  });
});
