import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LEASE_SCRIPT } from './lease-script.ts';
import { deadlineOf } from './settle-within.ts';
import { BUDGET_KEY_TTL_SECONDS, type RedisLimiter } from './redis-limiter.ts';
import { rateHeaders, secondsToWindowEnd, windowOf, type ScopeUsage } from './rate-headers.ts';
import { BudgetLease, RateLease, type ScopeLease } from './scope-leases.ts';
import type { AcquireRequest, Lease, LimitDecision, Limiter, RateScope, SharedCounts } from './types.ts';

type SyncCommand = (numKeys: number, entries: string) => Promise<unknown[]>;

export interface LeaseOptions {
  now?: () => number;
  /** The key prefix of the RedisLimiter that admits the requests a lease does not cover. */
  prefix?: string;
  /** How often a replica settles with Redis and tops its leases up (also at once after a miss). */
  syncMs?: number;
  /** How long Redis keeps a replica's slots and budget hold without a sync (a replica that died). */
  holdMs?: number;
  /** Each sync's deadline, past a stall of this process (see settleWithin); unset, the Redis client's own timeout. */
  timeoutMs?: number;
  onSyncError?(error: unknown): void;
  /** Told each scope's count and each budget's spend as a sync answers them (the in-process fallback goes on from there). */
  counts?: SharedCounts;
}

/**
 * Requests of a scope between two syncs below which it is not leased: while it holds nothing in Redis it is
 * left out of the sync and forgotten (its requests go to Redis one by one). A sync entry costs Redis about
 * what an admission does, so a quieter scope is cheaper admitted one by one, and a flood of scopes seen once
 * each does not grow every sync.
 */
const MIN_DEMAND = 2;
/** A sync after a miss waits at least this long after the one before (a scope that gets no grant misses every time). */
const MIN_SYNC_GAP_MS = 20;

/**
 * Limits shared through Redis, with most admissions answered in the process: every replica holds capacity
 * leased from Redis (a block of the current window's requests and tokens, some parallel slots, a share of
 * each budget) and admits from it without a round trip. A request the leases do not cover is admitted one
 * by one by the exact limiter (RedisLimiter), and the miss tops the leases up. Every few hundredths of a
 * second a replica settles with Redis in one script call: real token counts and costs, a new block sized to
 * its recent demand, and idle leases handed back.
 *
 * What it keeps and what it trades (README, Limits): whatever a replica holds is counted in Redis before it
 * admits from it, so the replicas together never admit past a limit. A grant is at most 1/16 of what
 * remains, so near a limit the blocks shrink to nothing and admission is exact again; capacity one replica
 * holds unused is refused to the others until it uses it or hands it back (at most 1/16 of what remained,
 * for at most two syncs). Spend settles with the sync instead of with each release: a replica that dies
 * loses at most one sync's worth from Redis's counter (the spend rows still have it), and its slots and
 * hold expire after `holdMs`.
 */
export class LeasedLimiter implements Limiter {
  private readonly rates = new Map<string, RateLease>();
  private readonly budgets = new Map<string, BudgetLease>();
  private readonly sync: SyncCommand;
  private readonly member = `lease:${randomUUID()}`;
  private readonly now: () => number;
  private readonly prefix: string;
  private readonly syncMs: number;
  private readonly holdMs: number;
  private readonly timer: NodeJS.Timeout;
  /** Leases admit until then: half of `holdMs` after the last sync that Redis answered. */
  private validUntil = 0;
  private syncing: Promise<void> | undefined;
  private lastSyncAt = -Infinity;
  private missWaiting = false;
  private closing = false;

  constructor(
    private readonly exact: RedisLimiter,
    redis: Redis,
    private readonly options: LeaseOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.prefix = options.prefix ?? 'sb:limits:';
    this.syncMs = options.syncMs ?? 100;
    this.holdMs = options.holdMs ?? 10_000;
    redis.defineCommand('sbLeaseSync', { lua: LEASE_SCRIPT });
    const client = redis as Redis & { sbLeaseSync: SyncCommand };
    const deadline = deadlineOf(options.timeoutMs);
    this.sync = (numKeys, entries) => deadline(client.sbLeaseSync(numKeys, entries));
    this.timer = setInterval(() => this.startSync(), this.syncMs);
    this.timer.unref();
  }

  /** From the leases at once when they cover the request; else Redis's answer, a promise (see Limiter.acquire). */
  acquire(request: AcquireRequest): LimitDecision | Promise<LimitDecision> {
    const estimatedCost = Math.round(request.estimatedCostNano);
    for (const scope of request.rate) leaseOf(this.rates, scope, RateLease).noteDemand(request.estimatedTokens);
    for (const budget of request.budgets) leaseOf(this.budgets, budget, BudgetLease).noteDemand(estimatedCost);
    return this.admitFromLeases(request, estimatedCost) ?? this.admitExactly(request, estimatedCost);
  }

  /** An admission from what this replica holds, if every scope of the request fits it; undefined if not. */
  private admitFromLeases(request: AcquireRequest, estimatedCost: number): LimitDecision | undefined {
    const now = this.now();
    if (now >= this.validUntil) return undefined;
    const window = windowOf(now);
    for (const scope of request.rate) if (!(this.rates.get(scope.id) as RateLease).fits(scope, window, request.estimatedTokens)) return undefined;
    for (const budget of request.budgets) if (!(this.budgets.get(budget.id) as BudgetLease).fits(budget, estimatedCost)) return undefined;
    const usages: ScopeUsage[] = [];
    for (const scope of request.rate) {
      const lease = this.rates.get(scope.id) as RateLease;
      lease.requestsUsed += 1;
      if (lease.tpm >= 0) lease.tokensUsed += request.estimatedTokens;
      lease.inFlight += 1;
      usages.push(this.usageOf(lease, scope));
    }
    for (const budget of request.budgets) (this.budgets.get(budget.id) as BudgetLease).inFlightNano += estimatedCost;
    return { allowed: true, headers: rateHeaders(usages, secondsToWindowEnd(now)), lease: new LocalLease(this, request, window, estimatedCost) };
  }

  async spentNano(scopeId: string): Promise<number> {
    return (await this.exact.spentNano(scopeId)) + (this.budgets.get(scopeId)?.settledNano ?? 0);
  }

  /** Settles and tops up now (after any sync under way); the timer and misses do it on their own. */
  async syncNow(): Promise<void> {
    await this.syncing;
    this.startSync();
    await this.syncing;
  }

  /** Hands every lease back (and settles what is pending) before the connection goes. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.syncing;
    if (this.rates.size + this.budgets.size > 0) await this.runSync().catch((error: unknown) => this.options.onSyncError?.(error));
    await this.exact.close();
  }

  /** A request released from a lease: its slot and estimate come back, its real use goes to the next sync. */
  releaseLocal(request: AcquireRequest, window: number, estimatedCost: number, tokens: number, costNano: number): void {
    for (const scope of request.rate) {
      const lease = this.rates.get(scope.id) as RateLease;
      lease.inFlight -= 1;
      lease.concurrent -= 1;
      // Under a tpm the estimate was counted with the grant, so the difference settles (in the window it was
      // counted in); without one the tokens are counted as they are, as the exact limiter counts them.
      if (lease.window === window) lease.tokenCorrection += lease.tpm >= 0 ? tokens - request.estimatedTokens : tokens;
    }
    for (const budget of request.budgets) {
      const lease = this.budgets.get(budget.id) as BudgetLease;
      lease.inFlightNano -= estimatedCost;
      lease.settledNano += Math.round(costNano);
      lease.concurrent -= 1;
    }
  }

  /** Redis's count as this replica's own requests see it: its unused grant is not use. */
  private usageOf(lease: RateLease, scope: RateScope): ScopeUsage {
    const usage: ScopeUsage = {
      requestsUsed: lease.countedRequests - (lease.requestsGranted - lease.requestsUsed),
      tokensUsed: lease.countedTokens - (lease.tokensGranted - lease.tokensUsed),
    };
    if (scope.rpm !== undefined) usage.rpm = scope.rpm;
    if (scope.tpm !== undefined) usage.tpm = scope.tpm;
    return usage;
  }

  private async admitExactly(request: AcquireRequest, estimatedCost: number): Promise<LimitDecision> {
    if (!this.missWaiting) {
      this.missWaiting = true;
      const wait = Math.max(0, this.lastSyncAt + MIN_SYNC_GAP_MS - this.now());
      setTimeout(() => {
        this.missWaiting = false;
        this.startSync();
      }, wait).unref();
    }
    let decision: LimitDecision;
    try {
      decision = await this.exact.acquire(request, this.unusedOf);
    } catch (error) {
      this.endConcurrent(request);
      throw error;
    }
    if (!decision.allowed) {
      // Refused because of what this replica holds unused (a grant made while the call was on its way): the
      // lease admits it, so a replica never refuses against its own leftovers. A sync still under way may be
      // that grant: its answer is waited for first (only refusals wait, and at most one sync).
      if (this.syncing) await this.syncing;
      const fromLeases = this.admitFromLeases(request, estimatedCost);
      if (fromLeases) return fromLeases;
      this.endConcurrent(request);
      return decision;
    }
    return { allowed: true, headers: decision.headers, lease: new ExactLease(this, request, decision.lease) };
  }

  /** What this replica holds of a scope's window unused: the exact limiter's headers do not count it as use. */
  private readonly unusedOf = (scopeId: string, window: number): [requests: number, tokens: number] => {
    const lease = this.rates.get(scopeId);
    if (!lease || lease.window !== window) return [0, 0];
    return [lease.requestsGranted - lease.requestsUsed, lease.tokensGranted - lease.tokensUsed];
  };

  endConcurrent(request: AcquireRequest): void {
    for (const scope of request.rate) (this.rates.get(scope.id) as RateLease).concurrent -= 1;
    for (const budget of request.budgets) (this.budgets.get(budget.id) as BudgetLease).concurrent -= 1;
  }

  private startSync(): void {
    if (this.syncing || this.closing || this.rates.size + this.budgets.size === 0) return;
    this.syncing = this.runSync()
      .catch((error: unknown) => this.options.onSyncError?.(error))
      .finally(() => {
        this.syncing = undefined;
      });
  }

  /** One script call: settle, top up, hand back (see lease-script.ts for the entries). */
  private async runSync(): Promise<void> {
    const now = this.now();
    this.lastSyncAt = now;
    const window = windowOf(now);
    const expires = now + this.holdMs;
    const entries: string[][] = [];
    const rateLeases: RateLease[] = [];
    const budgetLeases: BudgetLease[] = [];
    for (const lease of this.rates.values()) {
      if (!this.closing && lease.demandRequests < MIN_DEMAND && lease.holdsNothing(window)) {
        lease.resetDemand();
        forget(this.rates, lease);
        continue;
      }
      entries.push(this.rateEntry(lease, window, expires, now));
      rateLeases.push(lease);
    }
    for (const lease of this.budgets.values()) {
      if (!this.closing && lease.demandCount < MIN_DEMAND && lease.holdsNothing()) {
        lease.resetDemand();
        forget(this.budgets, lease);
        continue;
      }
      entries.push(this.budgetEntry(lease, expires, now));
      budgetLeases.push(lease);
    }
    if (entries.length === 0) return;
    const results = (await this.sync(0, JSON.stringify(entries))) as number[][];
    this.validUntil = now + this.holdMs / 2;
    rateLeases.forEach((lease, i) => this.applyRate(lease, results[i] as number[]));
    budgetLeases.forEach((lease, i) => this.applyBudget(lease, results[rateLeases.length + i] as number[]));
  }

  private rateEntry(lease: RateLease, window: number, expires: number, now: number): string[] {
    const scope = lease.scope;
    lease.beginSync(lease.demandRequests === 0 && lease.concurrent === 0, this.closing);
    // A new window starts from nothing; a grant under other limits (the key was changed) goes back whole.
    let backRequests = 0;
    let backTokens = 0;
    let correction = 0;
    if (lease.window !== window) {
      lease.window = window;
      lease.requestsGranted = lease.requestsUsed = lease.tokensGranted = lease.tokensUsed = 0;
      lease.tokenCorrection = 0;
    } else {
      correction = lease.tokenCorrection;
      lease.tokenCorrection = 0;
      if (lease.retiring || !lease.sameLimits(scope)) {
        backRequests = lease.requestsGranted - lease.requestsUsed;
        backTokens = lease.tokensGranted - lease.tokensUsed;
        lease.requestsGranted = lease.requestsUsed;
        lease.tokensGranted = lease.tokensUsed;
      }
    }
    lease.rpm = scope.rpm ?? -1;
    lease.tpm = scope.tpm ?? -1;
    lease.maxParallel = scope.maxParallel ?? -1;
    // Enough for two syncs of the demand just seen, on top of what is left.
    const wantRequests = lease.retiring || lease.rpm < 0 ? 0 : Math.max(0, 2 * lease.demandRequests + 1 - (lease.requestsGranted - lease.requestsUsed));
    const wantTokens = lease.retiring || lease.tpm < 0 ? 0 : Math.max(0, 2 * lease.demandTokens + lease.largestEstimate - (lease.tokensGranted - lease.tokensUsed));
    const wantSlots = lease.maxParallel < 0 ? 0 : lease.retiring ? lease.inFlight : Math.max(lease.inFlight, Math.ceil(lease.peakConcurrent * 1.25) + 1);
    const heldSlots = lease.slots;
    // Fewer slots apply at once; more only when Redis grants them.
    if (wantSlots < lease.slots) lease.slots = wantSlots;
    lease.resetDemand();
    return ['r', this.prefix + lease.id, String(window), String(lease.rpm), String(lease.tpm), String(lease.maxParallel), String(correction), String(wantRequests), String(wantTokens), String(backRequests), String(backTokens), String(heldSlots), String(wantSlots), `${this.member}:`, String(expires), String(now)];
  }

  private applyRate(lease: RateLease, result: number[]): void {
    const [requests = 0, tokens = 0, grantedRequests = 0, grantedTokens = 0, slots = 0] = result;
    lease.countedRequests = requests;
    lease.countedTokens = tokens;
    // This replica's unused grant is in the count: it is admitted from the lease, never again by a fallback.
    this.options.counts?.rateCounted(lease.id, lease.window, requests, tokens);
    lease.requestsGranted += grantedRequests;
    lease.tokensGranted += grantedTokens;
    lease.slots = slots;
    if (!lease.retiring) return;
    lease.retiring = false;
    if (lease.demandRequests === 0 && lease.tokenCorrection === 0) forget(this.rates, lease);
  }

  private budgetEntry(lease: BudgetLease, expires: number, now: number): string[] {
    const budget = lease.scope;
    lease.beginSync(lease.demandCount === 0 && lease.concurrent === 0, this.closing);
    // A hold taken under another maximum goes back whole; the next sync takes one under the new. A new lease
    // (no maximum yet) holds nothing to give back: its first sync takes a hold.
    const giveBack = lease.retiring || (lease.maxNano >= 0 && budget.maxNano !== lease.maxNano);
    lease.maxNano = budget.maxNano;
    const settled = lease.settledNano;
    lease.settledNano = 0;
    lease.hold = giveBack ? 0 : Math.max(0, lease.hold - settled);
    const left = lease.hold - lease.inFlightNano;
    const wantHold = giveBack ? 0 : Math.max(0, 2 * lease.demandNano + lease.largestEstimate - left);
    lease.resetDemand();
    return ['b', this.prefix + lease.id, String(budget.maxNano), String(Math.round(budget.spentNano)), String(BUDGET_KEY_TTL_SECONDS), String(settled), String(wantHold), giveBack ? '1' : '0', this.member, String(expires), String(now)];
  }

  private applyBudget(lease: BudgetLease, result: number[]): void {
    this.options.counts?.spendCounted(lease.id, result[0] ?? 0);
    lease.hold = result[2] ?? 0;
    if (!lease.retiring) return;
    lease.retiring = false;
    if (lease.demandCount === 0 && lease.settledNano === 0) forget(this.budgets, lease);
  }
}

/** The lease of a scope, made on its first request; it keeps the latest request's scope (its limits). */
function leaseOf<S extends { id: string }, L extends ScopeLease<S>>(leases: Map<string, L>, scope: S, make: new (scope: S) => L): L {
  let lease = leases.get(scope.id);
  if (!lease) {
    lease = new make(scope);
    leases.set(scope.id, lease);
  }
  lease.scope = scope;
  return lease;
}

/** Forgets a lease none of whose requests is in flight (a later request makes a new one). */
function forget<L extends ScopeLease<{ id: string }>>(leases: Map<string, L>, lease: L): void {
  if (lease.concurrent === 0) leases.delete(lease.id);
}

/** An admission from the leases; released once, into the next sync. */
class LocalLease implements Lease {
  private released = false;

  constructor(
    private readonly limiter: LeasedLimiter,
    private readonly request: AcquireRequest,
    private readonly window: number,
    private readonly estimatedCost: number,
  ) {}

  // Not async: the release is done when it returns (see Lease.release); a failure is still a rejection.
  release(outcome: { tokens: number; costNano: number }): void | Promise<void> {
    if (this.released) return;
    this.released = true;
    try {
      this.limiter.releaseLocal(this.request, this.window, this.estimatedCost, outcome.tokens, outcome.costNano);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/** An admission by the exact limiter: released there, and counted out of the scopes' concurrency here. */
class ExactLease implements Lease {
  private released = false;

  constructor(
    private readonly limiter: LeasedLimiter,
    private readonly request: AcquireRequest,
    private readonly inner: Lease,
  ) {}

  async release(outcome: { tokens: number; costNano: number }): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.limiter.endConcurrent(this.request);
    await this.inner.release(outcome);
  }
}
