import type { Redis } from 'ioredis';
import { rateHeaders, secondsToWindowEnd, windowOf, type ScopeUsage } from './rate-headers.ts';
import { ACQUIRE_SCRIPT, batchedScript, RELEASE_SCRIPT } from './redis-scripts.ts';
import { deadlineOf } from './settle-within.ts';
import type { AcquireRequest, LimitDecision, Limiter, SharedCounts } from './types.ts';

type ScriptCommand = (numKeys: number, calls: string) => Promise<unknown[]>;
type ScriptClient = Redis & { sbAcquireMany: ScriptCommand; sbReleaseMany: ScriptCommand };

interface PendingCall {
  /** #rate scopes, #budget scopes, window, then each scope's key prefix (see batchedScript). */
  scopes: (string | number)[];
  args: (string | number)[];
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/** Calls per batch: keeps one script run short (Redis runs nothing else meanwhile). */
const MAX_BATCH = 64;
/** How long releases gather before they go to Redis together. */
const RELEASE_DELAY_MS = 3;

/**
 * Gathers calls and sends them as one batched script call: those of one event loop turn (flushed in
 * setImmediate, after the poll phase), or of a few milliseconds for calls nobody waits on. Under load that
 * is one Redis command for many requests; alone, an admission waits for nothing but the end of the turn.
 */
class ScriptBatcher {
  private pending: PendingCall[] = [];
  private scheduled = false;

  /** `delayMs` 0: at the end of the current turn; more: gathers the calls of that many milliseconds. */
  constructor(
    private readonly command: ScriptCommand,
    private readonly delayMs = 0,
  ) {}

  call(scopes: (string | number)[], args: (string | number)[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ scopes, args, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        if (this.delayMs > 0) setTimeout(() => this.flush(), this.delayMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let start = 0; start < all.length; start += MAX_BATCH) {
      const batch = all.slice(start, start + MAX_BATCH);
      // One JSON argument for the whole batch, every value a string (see batchedScript).
      const calls: string[][] = [];
      for (const call of batch) {
        const values: string[] = [];
        for (const value of call.scopes) values.push(String(value));
        values.push(String(call.args.length));
        for (const value of call.args) values.push(String(value));
        calls.push(values);
      }
      this.command(0, JSON.stringify(calls)).then(
        (results) => batch.forEach((call, i) => call.resolve(results[i])),
        (error: unknown) => batch.forEach((call) => call.reject(error)),
      );
    }
  }
}

/** How long a budget's counters outlive their last use (a period is at most a month). */
export const BUDGET_KEY_TTL_SECONDS = 40 * 24 * 3600;

/**
 * Limits shared by every replica through Redis, checked and counted atomically by one script per call.
 * The client must be set up not to queue or retry (see createLimitsRedis): a Redis that is away fails
 * the call fast and the caller falls back to the in-process limiter.
 */
export class RedisLimiter implements Limiter {
  private readonly client: ScriptClient;
  private readonly acquires: ScriptBatcher;
  private readonly releases: ScriptBatcher;
  private readonly deadline: <T>(promise: Promise<T>) => Promise<T>;

  /**
   * `timeoutMs`: each Redis call's deadline, past a stall of this process (see settleWithin); unset, the client's own.
   * `counts`: told each scope's count as Redis answers it (the in-process fallback, so it goes on from there).
   */
  constructor(
    redis: Redis,
    private readonly now: () => number = Date.now,
    private readonly prefix = 'sb:limits:',
    timeoutMs?: number,
    private readonly counts?: SharedCounts,
  ) {
    redis.defineCommand('sbAcquireMany', { lua: batchedScript(ACQUIRE_SCRIPT) });
    redis.defineCommand('sbReleaseMany', { lua: batchedScript(RELEASE_SCRIPT) });
    this.client = redis as ScriptClient;
    this.deadline = deadlineOf(timeoutMs);
    this.acquires = new ScriptBatcher((numKeys, calls) => this.deadline(this.client.sbAcquireMany(numKeys, calls)));
    // Releases are not waited for by anyone's answer: a few milliseconds later they batch better, and they
    // do not sit in Redis's queue ahead of the next request's admission.
    this.releases = new ScriptBatcher((numKeys, calls) => this.deadline(this.client.sbReleaseMany(numKeys, calls)), RELEASE_DELAY_MS);
  }

  /**
   * The call's scopes as batchedScript takes them. Keys: per rate scope `<prefix><id>:req:<window>`,
   * `…:tok:<window>`, `…:slots`; per budget `<prefix><id>:spent`, `…:held`, `…:held-until`.
   */
  private scopesFor(request: AcquireRequest, window: number): (string | number)[] {
    const scopes: (string | number)[] = [request.rate.length, request.budgets.length, window];
    for (const scope of request.rate) scopes.push(this.prefix + scope.id);
    for (const budget of request.budgets) scopes.push(this.prefix + budget.id);
    return scopes;
  }

  /**
   * `unused`: what the caller holds of a scope's window without having used it (LeasedLimiter's grants,
   * counted in Redis); the rate headers do not report it as use. Read when the call is made: a grant that
   * reaches Redis before the script runs is then reported as use, never the other way round (a header may
   * say less remains than does, never more).
   */
  async acquire(request: AcquireRequest, unused?: (scopeId: string, window: number) => [requests: number, tokens: number]): Promise<LimitDecision> {
    const now = this.now();
    const window = windowOf(now);
    const reset = secondsToWindowEnd(now);
    const scopes = this.scopesFor(request, window);
    const expires = now + request.leaseMs;
    const args: (string | number)[] = [now, request.requestId, expires, request.estimatedTokens, Math.round(request.estimatedCostNano), request.rate.length, request.budgets.length];
    // -1: no such limit (0 is a limit that allows nothing).
    for (const scope of request.rate) args.push(scope.rpm ?? -1, scope.tpm ?? -1, scope.maxParallel ?? -1);
    for (const budget of request.budgets) args.push(budget.maxNano, Math.round(budget.spentNano), BUDGET_KEY_TTL_SECONDS);
    const held = unused ? request.rate.map((scope) => unused(scope.id, window)) : undefined;
    let result: (number | string)[];
    try {
      result = (await this.acquires.call(scopes, args)) as (number | string)[];
    } catch (error) {
      // A call that timed out on our side may still run in Redis: free the slots and reservation it took
      // (a no-op if it never ran; queued behind it on the same connection, so it runs after it).
      this.releases.call(scopes, [request.requestId, 0, 0, request.rate.length, request.budgets.length, now]).catch(() => undefined);
      throw error;
    }
    if (Number(result[0]) === 0) {
      const index = Number(result[1]) - 1;
      const reason = String(result[2]);
      if (index < request.rate.length) {
        const scope = request.rate[index];
        if (scope) this.counts?.rateCounted(scope.id, window, Number(result[3]), Number(result[4]));
        const usage: ScopeUsage = { ...(scope?.rpm !== undefined ? { rpm: scope.rpm } : {}), ...(scope?.tpm !== undefined ? { tpm: scope.tpm } : {}), requestsUsed: Number(result[3]), tokensUsed: Number(result[4]) };
        const text = reason === 'rpm' ? `rpm limit of ${scope?.rpm} reached` : reason === 'tpm' ? `tpm limit of ${scope?.tpm} reached` : `max_parallel_requests of ${scope?.maxParallel} reached`;
        return { allowed: false, kind: 'rate', scopeId: scope?.id ?? '', reason: text, retryAfterSeconds: reason === 'parallel' ? 1 : reset, headers: rateHeaders([usage], reset) };
      }
      const budget = request.budgets[index - request.rate.length];
      return { allowed: false, kind: 'budget', scopeId: budget?.id ?? '', reason: 'budget exceeded', retryAfterSeconds: 60, headers: {} };
    }
    // Built field by field, not with conditional spreads: V8 logged new map transitions for the spread form on
    // every request (a map per call is what the scavenger keeps alive; see tools/workspace-checks/src/source-shape.test.ts).
    const usages: ScopeUsage[] = request.rate.map((scope, i) => {
      // Redis's counts with this request in them (the script answers what it found before counting it).
      const requests = Number(result[1 + i * 2]) + 1;
      const tokens = Number(result[2 + i * 2]) + request.estimatedTokens;
      this.counts?.rateCounted(scope.id, window, requests, tokens);
      const mine = held?.[i];
      const usage: ScopeUsage = {
        requestsUsed: Math.max(1, requests - (mine?.[0] ?? 0)),
        tokensUsed: Math.max(request.estimatedTokens, tokens - (mine?.[1] ?? 0)),
      };
      if (scope.rpm !== undefined) usage.rpm = scope.rpm;
      if (scope.tpm !== undefined) usage.tpm = scope.tpm;
      return usage;
    });
    let released = false;
    return {
      allowed: true,
      headers: rateHeaders(usages, reset),
      lease: {
        release: async ({ tokens, costNano }) => {
          if (released) return;
          released = true;
          // Settles in the window the request was counted in; a lease that cannot be released expires.
          await this.releases.call(scopes, [request.requestId, tokens - request.estimatedTokens, Math.round(costNano), request.rate.length, request.budgets.length, this.now()]);
        },
      },
    };
  }

  async spentNano(scopeId: string): Promise<number> {
    return Number((await this.deadline(this.client.get(`${this.prefix}${scopeId}:spent`))) ?? 0);
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
