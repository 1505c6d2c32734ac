import { randomUUID } from 'node:crypto';
import { secondsUntilFree, type LoginAttemptStore, type LoginBucket, type LoginReservation } from './login-attempt-store.ts';

interface Attempt {
  at: number;
  id: string;
}

/**
 * Login attempts in this process's memory: right for a single backend (JavaScript runs `reserve` to the
 * end before the next request's, so it is atomic). Bounded: past `maxBuckets`, the least recently used
 * buckets are forgotten first.
 */
export class InProcessLoginAttempts implements LoginAttemptStore {
  private readonly buckets = new Map<string, Attempt[]>();

  constructor(private readonly options: { maxBuckets?: number; now?: () => number } = {}) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private recent(key: string, windowMs: number, now: number): Attempt[] {
    const attempts = (this.buckets.get(key) ?? []).filter((attempt) => attempt.at > now - windowMs);
    // Re-inserted to move the bucket to the end of the map's order (most recently used).
    this.buckets.delete(key);
    if (attempts.length > 0) this.buckets.set(key, attempts);
    return attempts;
  }

  async reserve(buckets: readonly LoginBucket[]): Promise<LoginReservation> {
    const now = this.now();
    let wait = 0;
    const windows = buckets.map((bucket) => {
      const attempts = this.recent(bucket.key, bucket.windowMs, now);
      const blocking = attempts[attempts.length - bucket.limit];
      if (blocking) wait = Math.max(wait, secondsUntilFree(blocking.at, bucket.windowMs, now));
      return { key: bucket.key, attempts };
    });
    if (wait > 0) return { granted: false, retryAfterSeconds: wait };
    const id = randomUUID();
    for (const { key, attempts } of windows) this.buckets.set(key, [...attempts, { at: now, id }]);
    const maxBuckets = this.options.maxBuckets ?? 50_000;
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= maxBuckets) break;
      this.buckets.delete(key);
    }
    return { granted: true, id };
  }

  async forget(key: string, id: string): Promise<void> {
    const attempts = this.buckets.get(key)?.filter((attempt) => attempt.id !== id);
    if (attempts === undefined) return;
    if (attempts.length === 0) this.buckets.delete(key);
    else this.buckets.set(key, attempts);
  }

  async clear(key: string): Promise<void> {
    this.buckets.delete(key);
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
