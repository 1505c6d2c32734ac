import type { AcquireRequest, LimitDecision, Limiter } from './types.ts';

export interface FallbackEvents {
  /** Redis failed and the in-process limiter answered instead (count it, log it at a bounded rate). */
  onFallback?(error: unknown): void;
}

/**
 * Shared limits through Redis while it answers; in-process limits the moment it does not, so an
 * unreachable Redis never hangs or fails a request. Each replica then enforces the limits on its own.
 */
export class ResilientLimiter implements Limiter {
  constructor(
    private readonly shared: Limiter,
    private readonly local: Limiter,
    private readonly events: FallbackEvents = {},
  ) {}

  // Not async: the shared limiter's decision as it comes (at once from a lease, else its promise with a fallback
  // attached), not a second promise wrapped around it.
  acquire(request: AcquireRequest): LimitDecision | Promise<LimitDecision> {
    const fallBack = (error: unknown): LimitDecision | Promise<LimitDecision> => {
      this.events.onFallback?.(error);
      return this.local.acquire(request);
    };
    try {
      const decided = this.shared.acquire(request);
      return decided instanceof Promise ? decided.catch(fallBack) : decided;
    } catch (error) {
      return fallBack(error);
    }
  }

  async spentNano(scopeId: string): Promise<number> {
    try {
      return await this.shared.spentNano(scopeId);
    } catch {
      return this.local.spentNano(scopeId);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.shared.close(), this.local.close()]);
  }
}
