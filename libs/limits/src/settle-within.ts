import { settleByDeadline } from '@switchboard/service-kit';

/** A limiter's Redis call that got no answer in time (the caller falls back to in-process limits). */
export class SharedLimiterTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the limiter's Redis call timed out after ${ms} ms`);
    this.name = 'SharedLimiterTimeout';
  }
}

/**
 * The promise's outcome, or a SharedLimiterTimeout once `ms` have passed and the event loop has read what
 * arrived meanwhile (settleByDeadline). Not ioredis's `commandTimeout`: its timer rejects before the socket is
 * read, so after a stall of this process an answer Redis gave in a millisecond counted as a timeout, and the
 * in-process fallback admitted a request Redis had refused (the likely way a two-replica test once admitted
 * 401 requests under an rpm limit of 400, under load).
 */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  return settleByDeadline(promise, ms, (): never => {
    throw new SharedLimiterTimeout(ms);
  });
}

/** settleWithin for every call, or the calls as they are when no deadline is set (the client's own timeout applies). */
export function deadlineOf(ms: number | undefined): <T>(promise: Promise<T>) => Promise<T> {
  return ms === undefined ? (promise) => promise : (promise) => settleWithin(promise, ms);
}
