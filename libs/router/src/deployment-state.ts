/**
 * What the router knows about one deployment in this process: calls in flight, a latency average, this
 * minute's requests and tokens (for its rpm/tpm), recent failures and a cooldown deadline.
 */
export class DeploymentState {
  inFlight = 0;
  /** Exponentially weighted average latency in ms; undefined until the first success. */
  latencyMs: number | undefined;
  cooldownUntil = 0;
  private windowStart = 0;
  private windowRequests = 0;
  private windowTokens = 0;
  private failWindowStart = 0;
  private failures = 0;

  constructor(private readonly now: () => number) {}

  private roll(): void {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.windowStart) {
      this.windowStart = minute;
      this.windowRequests = 0;
      this.windowTokens = 0;
    }
  }

  requestsThisMinute(): number {
    this.roll();
    return this.windowRequests;
  }

  tokensThisMinute(): number {
    this.roll();
    return this.windowTokens;
  }

  /** Milliseconds until the current minute window ends, for Retry-After. */
  msUntilWindowEnds(): number {
    return 60_000 - (this.now() % 60_000);
  }

  countRequest(): void {
    this.roll();
    this.windowRequests++;
  }

  countTokens(tokens: number): void {
    this.roll();
    this.windowTokens += tokens;
  }

  recordSuccess(latencyMs: number): void {
    this.latencyMs = this.latencyMs === undefined ? latencyMs : this.latencyMs * 0.8 + latencyMs * 0.2;
  }

  /** Counts a failure; returns true when it puts the deployment into cooldown. */
  recordFailure(allowedFails: number, cooldownMs: number, immediate: boolean): boolean {
    const now = this.now();
    const minute = Math.floor(now / 60_000);
    if (minute !== this.failWindowStart) {
      this.failWindowStart = minute;
      this.failures = 0;
    }
    this.failures++;
    if (cooldownMs > 0 && (immediate || this.failures > allowedFails)) {
      this.cooldownUntil = now + cooldownMs;
      this.failures = 0;
      return true;
    }
    return false;
  }

  isCoolingDown(): boolean {
    return this.cooldownUntil > this.now();
  }
}
