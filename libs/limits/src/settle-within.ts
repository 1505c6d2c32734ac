/** A limiter's Redis call that got no answer in time (the caller falls back to in-process limits). */
export class SharedLimiterTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the limiter's Redis call timed out after ${ms} ms`);
    this.name = 'SharedLimiterTimeout';
  }
}

/**
 * The promise's outcome, or a SharedLimiterTimeout once `ms` have passed and the event loop has read what
 * arrived meanwhile. Why not ioredis's `commandTimeout`: its timer rejects in the timers phase, before the
 * poll phase reads the socket, so after a stall of this process (a long GC, a CPU-throttled pod) an answer
 * Redis gave in a millisecond counted as a timeout, and the in-process fallback admitted a request Redis had
 * refused (the likely way a two-replica test once admitted 401 requests under an rpm limit of 400, under load). Here the timer only
 * schedules the verdict with `setImmediate`, which runs after that poll phase: an answer already in the
 * socket wins; a Redis that is really slow or away still loses at the deadline.
 */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (verdict: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      verdict();
    };
    const timer = setTimeout(() => setImmediate(() => finish(() => reject(new SharedLimiterTimeout(ms)))), ms);
    promise.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

/** settleWithin for every call, or the calls as they are when no deadline is set (the client's own timeout applies). */
export function deadlineOf(ms: number | undefined): <T>(promise: Promise<T>) => Promise<T> {
  return ms === undefined ? (promise) => promise : (promise) => settleWithin(promise, ms);
}
