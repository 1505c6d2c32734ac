/**
 * One thing a request counts against: a key, user, team, model group, deployment or end user, with the
 * limits set for it. A scope without limits is not sent at all.
 */
export interface RateScope {
  /** Stable and secret-free, e.g. `key:<hash>`, `team:<id>`, `model:<group>`. */
  id: string;
  rpm?: number;
  tpm?: number;
  maxParallel?: number;
}

export interface BudgetScope {
  /** e.g. `key:<hash>`; the period start is part of the id so a reset opens a fresh counter. */
  id: string;
  /** Budget for the current period, in nano-dollars. */
  maxNano: number;
  /** Spend already settled in the database for this period, in nano-dollars (seeds the shared counter). */
  spentNano: number;
}

export interface AcquireRequest {
  requestId: string;
  rate: RateScope[];
  budgets: BudgetScope[];
  /** Tokens this request will likely use, counted against tpm up front and corrected on release. */
  estimatedTokens: number;
  /** Worst-case cost reserved against every budget (capped at what remains of it) until the real cost is known. */
  estimatedCostNano: number;
  /** How long the parallel slot and the reservation live if nobody releases them (a crashed replica). */
  leaseMs: number;
}

export interface LimitHeaders {
  [name: string]: string;
}

/** What the limiter decides for one request: admitted with a lease to release, or refused with the scope at fault (the pipeline's Admission wraps it). */
export type LimitDecision =
  | { allowed: true; lease: Lease; headers: LimitHeaders }
  | { allowed: false; reason: string; scopeId: string; retryAfterSeconds: number; kind: 'rate' | 'budget'; headers: LimitHeaders };

/** What an admitted request holds; release exactly once (on success, error, timeout or disconnect). */
export interface Lease {
  /**
   * Undefined when the release is done as it returns (a lease this replica holds, the in-process limiter), else a
   * promise of it (Redis): a resolved promise there still cost each call a `.catch` of its own.
   */
  release(outcome: { tokens: number; costNano: number }): void | Promise<void>;
}

/**
 * What Redis counted, as the shared limiters learn it from their answers. The in-process limiter a replica
 * falls back to listens, so a fallback goes on from the shared count instead of from nothing (a call that
 * missed its deadline once admitted a whole limit again).
 */
export interface SharedCounts {
  /** A rate scope's requests and tokens counted in Redis for `window`, every replica's and every grant included. */
  rateCounted(scopeId: string, window: number, requests: number, tokens: number): void;
  /** A budget's spend settled in Redis. */
  spendCounted(budgetId: string, spentNano: number): void;
}

export interface Limiter {
  /**
   * The decision itself, not a promise, when it needs no round trip (the in-process limiter; a lease this replica
   * holds that covers every scope of the request); a promise when it waits for Redis. Callers await a promise only:
   * one there cost every leased call a suspension and a turn of the microtask queue per layer (README, #19).
   */
  acquire(request: AcquireRequest): LimitDecision | Promise<LimitDecision>;
  /** Settled spend for a budget scope, as the limiter sees it (tests, gauges). */
  spentNano(scopeId: string): Promise<number>;
  close(): Promise<void>;
}
