/**
 * Failed logins per account (username, or the master key) in a sliding window: past the limit, further
 * attempts are refused with 429 until the window has passed, so passwords and the master key cannot be
 * guessed at speed. Per account rather than per address: behind the front every client shares one address.
 * Bounded: the least recently seen accounts are forgotten first.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly maxAccounts = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(account: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const times = (this.failures.get(account) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.failures.delete(account);
    else this.failures.set(account, times);
    return times;
  }

  /** Seconds until the account may try again, or 0 when it may try now. */
  retryAfterSeconds(account: string): number {
    const times = this.recent(account);
    if (times.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil(((times[0] as number) + this.windowMs - this.now()) / 1000));
  }

  recordFailure(account: string): void {
    const times = this.recent(account);
    this.failures.delete(account);
    this.failures.set(account, [...times, this.now()]);
    if (this.failures.size > this.maxAccounts) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  recordSuccess(account: string): void {
    this.failures.delete(account);
  }
}
