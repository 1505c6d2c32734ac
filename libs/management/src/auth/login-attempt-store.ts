/** One sliding window of login attempts: an account, a source address, a source's master-key guesses. */
export interface LoginBucket {
  key: string;
  limit: number;
  windowMs: number;
}

export type LoginReservation = { granted: true; id: string } | { granted: false; retryAfterSeconds: number };

/**
 * Where login attempts are counted: in-process for one backend, Redis for replicas that must share one count.
 * Both implementations run the same tests (login-attempt-store.test.ts).
 */
export interface LoginAttemptStore {
  /**
   * Atomically: refuses (with the seconds until one slot frees) when any bucket already holds `limit`
   * attempts in its window, otherwise records one attempt, under one new id, in every bucket. Counting
   * happens here, before the password is checked, so concurrent attempts cannot all pass a check that is
   * only updated after their hashes are done.
   */
  reserve(buckets: readonly LoginBucket[]): Promise<LoginReservation>;
  /** Forgets one reserved attempt in one bucket (a login that succeeded was no failure). */
  forget(key: string, id: string): Promise<void>;
  /** Forgets every attempt in a bucket. */
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Seconds until the oldest attempt that keeps a full window full has left it. */
export function secondsUntilFree(startedAt: number, windowMs: number, now: number): number {
  return Math.max(1, Math.ceil((startedAt + windowMs - now) / 1000));
}
