import type { BudgetScope, RateScope } from './types.ts';

/**
 * What every lease keeps besides its counters: the scope as the latest request gave it (the limits a sync
 * asks under), the scope's requests in flight through the limiter (a lease with any is never forgotten), and
 * whether it is being handed back.
 */
export class ScopeLease<S extends { id: string }> {
  readonly id: string;
  concurrent = 0;
  idleSyncs = 0;
  retiring = false;

  constructor(public scope: S) {
    this.id = scope.id;
  }

  /** At a sync: two idle syncs in a row (or a closing limiter) hand the lease back. */
  beginSync(idle: boolean, closing: boolean): void {
    this.idleSyncs = idle ? this.idleSyncs + 1 : 0;
    this.retiring = closing || this.idleSyncs >= 2;
  }
}

/**
 * What one replica holds of one rate scope's capacity (see LeasedLimiter): requests and tokens granted in
 * the current window and counted in Redis already, parallel slots held there as this replica's members,
 * and what its own requests have used of them. Plain counters, changed field by field on the hot path.
 */
export class RateLease extends ScopeLease<RateScope> {
  /** The limits it was granted under; a scope whose limits changed is not admitted from it until a sync. */
  rpm = -1;
  tpm = -1;
  maxParallel = -1;
  window = -1;
  requestsGranted = 0;
  requestsUsed = 0;
  tokensGranted = 0;
  /** The estimates of the requests admitted from the grant (their corrections go to Redis on their own). */
  tokensUsed = 0;
  /** Real tokens minus estimates of the requests released since the last sync, in the current window. */
  tokenCorrection = 0;
  slots = 0;
  /** Requests admitted from the lease and not yet released: they occupy its slots. */
  inFlight = 0;
  /** Redis's counts after the last sync (this replica's whole grant included), for the rate headers. */
  countedRequests = 0;
  countedTokens = 0;
  /** Demand seen since the last sync, admitted here or not: sizes the next grant. */
  demandRequests = 0;
  demandTokens = 0;
  largestEstimate = 0;
  /** The most requests of the scope in flight at once since the last sync. */
  peakConcurrent = 0;

  sameLimits(scope: RateScope): boolean {
    return (scope.rpm ?? -1) === this.rpm && (scope.tpm ?? -1) === this.tpm && (scope.maxParallel ?? -1) === this.maxParallel;
  }

  /** Whether one more request with this token estimate fits what the lease holds. */
  fits(scope: RateScope, window: number, estimatedTokens: number): boolean {
    if (this.retiring || this.window !== window || !this.sameLimits(scope)) return false;
    if (this.rpm >= 0 && this.requestsUsed + 1 > this.requestsGranted) return false;
    if (this.tpm >= 0 && this.tokensUsed + estimatedTokens > this.tokensGranted) return false;
    if (this.maxParallel >= 0 && this.inFlight + 1 > this.slots) return false;
    return true;
  }

  /** Nothing of it counted in Redis that a sync would have to settle or hand back. */
  holdsNothing(window: number): boolean {
    const grantLeft = this.window === window && (this.requestsGranted > this.requestsUsed || this.tokensGranted > this.tokensUsed);
    return !grantLeft && this.slots === 0 && this.inFlight === 0 && this.tokenCorrection === 0;
  }

  resetDemand(): void {
    this.demandRequests = 0;
    this.demandTokens = 0;
    this.largestEstimate = 0;
    this.peakConcurrent = this.concurrent;
  }

  noteDemand(estimatedTokens: number): void {
    this.demandRequests += 1;
    this.demandTokens += estimatedTokens;
    if (estimatedTokens > this.largestEstimate) this.largestEstimate = estimatedTokens;
    this.concurrent += 1;
    if (this.concurrent > this.peakConcurrent) this.peakConcurrent = this.concurrent;
  }
}

/**
 * What one replica holds of one budget: a reservation in Redis (`hold`, a member of the budget's held
 * hash), the estimates of its requests in flight against it, and the real cost of those it settled since
 * the last sync, which the next sync moves from the hold into the spend.
 */
export class BudgetLease extends ScopeLease<BudgetScope> {
  maxNano = -1;
  hold = 0;
  inFlightNano = 0;
  settledNano = 0;
  demandNano = 0;
  demandCount = 0;
  largestEstimate = 0;

  holdsNothing(): boolean {
    return this.hold === 0 && this.settledNano === 0 && this.inFlightNano === 0;
  }

  resetDemand(): void {
    this.demandNano = 0;
    this.demandCount = 0;
    this.largestEstimate = 0;
  }

  fits(budget: BudgetScope, estimatedCostNano: number): boolean {
    if (this.retiring || budget.maxNano !== this.maxNano || this.hold <= 0) return false;
    return this.inFlightNano + this.settledNano + estimatedCostNano <= this.hold;
  }

  noteDemand(estimatedCostNano: number): void {
    this.demandNano += estimatedCostNano;
    this.demandCount += 1;
    if (estimatedCostNano > this.largestEstimate) this.largestEstimate = estimatedCostNano;
    this.concurrent += 1;
  }
}
