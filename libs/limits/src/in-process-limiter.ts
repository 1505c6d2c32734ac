import { rateHeaders, secondsToWindowEnd, windowOf, type ScopeUsage } from './rate-headers.ts';
import type { AcquireRequest, LimitDecision, Limiter, SharedCounts } from './types.ts';

interface WindowCount {
  window: number;
  value: number;
}

interface Held {
  amount: number;
  expiresAt: number;
}

/**
 * Limits kept in this process: exact for one replica, and what every replica falls back to while Redis
 * is away. As a fallback it listens to the shared limiters (SharedCounts), so it goes on from what Redis
 * last counted; what the other replicas admit after that is what a fallback can let past a limit (logged and
 * counted).
 */
export class InProcessLimiter implements Limiter, SharedCounts {
  /** The newest window seen: counts of older ones are dropped as it moves (a fallback holds every scope Redis answered for). */
  private window = -1;
  private readonly requests = new Map<string, WindowCount>();
  private readonly tokens = new Map<string, WindowCount>();
  private readonly slots = new Map<string, Map<string, number>>();
  private readonly spent = new Map<string, number>();
  private readonly reservations = new Map<string, Map<string, Held>>();

  constructor(private readonly now: () => number = Date.now) {}

  private count(map: Map<string, WindowCount>, id: string, window: number): number {
    const entry = map.get(id);
    return entry && entry.window === window ? entry.value : 0;
  }

  private add(map: Map<string, WindowCount>, id: string, window: number, amount: number): void {
    const entry = map.get(id);
    if (entry && entry.window === window) entry.value += amount;
    // A release's correction for a window already over is dropped: it must not replace the current count.
    else if (!entry || entry.window < window) map.set(id, { window, value: amount });
  }

  /** Raises a count to what Redis counted; never lowers it (this process's own fallback admissions may be newer). */
  private raise(map: Map<string, WindowCount>, id: string, window: number, value: number): void {
    const entry = map.get(id);
    if (!entry || entry.window < window) map.set(id, { window, value });
    else if (entry.window === window && value > entry.value) entry.value = value;
  }

  /** Moves to `window`, dropping the counts of the ones before (once a minute, a pass over the scopes). */
  private enter(window: number): void {
    if (window <= this.window) return;
    this.window = window;
    for (const map of [this.requests, this.tokens]) for (const [id, entry] of map) if (entry.window < window) map.delete(id);
  }

  rateCounted(scopeId: string, window: number, requests: number, tokens: number): void {
    if (window < this.window) return;
    this.enter(window);
    this.raise(this.requests, scopeId, window, requests);
    this.raise(this.tokens, scopeId, window, tokens);
  }

  spendCounted(budgetId: string, spentNano: number): void {
    if (spentNano > (this.spent.get(budgetId) ?? 0)) this.spent.set(budgetId, spentNano);
  }

  private liveSlots(id: string, now: number): Map<string, number> {
    let slots = this.slots.get(id);
    if (!slots) {
      slots = new Map();
      this.slots.set(id, slots);
    }
    for (const [lease, expiresAt] of slots) if (expiresAt <= now) slots.delete(lease);
    return slots;
  }

  private reserved(id: string, now: number): number {
    const held = this.reservations.get(id);
    if (!held) return 0;
    let total = 0;
    for (const [lease, hold] of held) {
      if (hold.expiresAt <= now) held.delete(lease);
      else total += hold.amount;
    }
    return total;
  }

  private settledSpend(id: string, seed: number): number {
    // The database value may be newer (other replicas flushed) or older (ours not flushed yet).
    const current = Math.max(this.spent.get(id) ?? 0, seed);
    this.spent.set(id, current);
    return current;
  }

  /** Decided at once: the counts are in this process (see Limiter.acquire). */
  acquire(request: AcquireRequest): LimitDecision {
    const now = this.now();
    const window = windowOf(now);
    this.enter(window);
    const reset = secondsToWindowEnd(now);
    const usages: ScopeUsage[] = [];
    for (const scope of request.rate) {
      const requestsUsed = this.count(this.requests, scope.id, window);
      const tokensUsed = this.count(this.tokens, scope.id, window);
      usages.push({ ...(scope.rpm !== undefined ? { rpm: scope.rpm } : {}), ...(scope.tpm !== undefined ? { tpm: scope.tpm } : {}), requestsUsed, tokensUsed });
      if (scope.rpm !== undefined && requestsUsed >= scope.rpm) return this.denied('rate', scope.id, `rpm limit of ${scope.rpm} reached`, reset, usages);
      if (scope.tpm !== undefined && tokensUsed + request.estimatedTokens > scope.tpm) return this.denied('rate', scope.id, `tpm limit of ${scope.tpm} reached`, reset, usages);
      if (scope.maxParallel !== undefined && this.liveSlots(scope.id, now).size >= scope.maxParallel) {
        return this.denied('rate', scope.id, `max_parallel_requests of ${scope.maxParallel} reached`, 1, usages);
      }
    }
    // Admitted while some budget remains; the reservation is the worst case capped at what remains.
    const holds: number[] = [];
    for (const budget of request.budgets) {
      const room = budget.maxNano - this.settledSpend(budget.id, budget.spentNano) - this.reserved(budget.id, now);
      if (room <= 0) return this.denied('budget', budget.id, 'budget exceeded', 60, usages);
      holds.push(Math.min(request.estimatedCostNano, room));
    }
    const expiresAt = now + request.leaseMs;
    for (const scope of request.rate) {
      this.add(this.requests, scope.id, window, 1);
      this.add(this.tokens, scope.id, window, request.estimatedTokens);
      if (scope.maxParallel !== undefined) this.liveSlots(scope.id, now).set(request.requestId, expiresAt);
    }
    request.budgets.forEach((budget, index) => {
      let held = this.reservations.get(budget.id);
      if (!held) {
        held = new Map();
        this.reservations.set(budget.id, held);
      }
      held.set(request.requestId, { amount: holds[index] as number, expiresAt });
    });
    for (const usage of usages) {
      usage.requestsUsed += 1;
      usage.tokensUsed += request.estimatedTokens;
    }
    let released = false;
    return {
      allowed: true,
      headers: rateHeaders(usages, reset),
      lease: {
        // Done as it returns (see Lease.release); a failure is still a rejection, as a lease's callers expect.
        release: ({ tokens, costNano }) => {
          if (released) return;
          released = true;
          try {
            for (const scope of request.rate) {
              this.slots.get(scope.id)?.delete(request.requestId);
              this.add(this.tokens, scope.id, window, tokens - request.estimatedTokens);
            }
            for (const budget of request.budgets) {
              this.reservations.get(budget.id)?.delete(request.requestId);
              this.spent.set(budget.id, (this.spent.get(budget.id) ?? 0) + costNano);
            }
          } catch (error) {
            return Promise.reject(error);
          }
        },
      },
    };
  }

  private denied(kind: 'rate' | 'budget', scopeId: string, reason: string, retryAfterSeconds: number, usages: ScopeUsage[]): LimitDecision {
    return { allowed: false, kind, scopeId, reason, retryAfterSeconds, headers: rateHeaders(usages, retryAfterSeconds) };
  }

  async spentNano(scopeId: string): Promise<number> {
    return this.spent.get(scopeId) ?? 0;
  }

  async close(): Promise<void> {}
}
