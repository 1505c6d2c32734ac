import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { waitForRedis } from '@switchboard/limits';
import { InProcessLoginAttempts } from './in-process-login-attempts.ts';
import type { LoginAttemptStore, LoginBucket, LoginReservation } from './login-attempt-store.ts';

/**
 * KEYS: the buckets' sorted sets (member = attempt id, score = time in ms). ARGV: now, the new attempt's
 * id, then limit and window for each key. Returns 0 when the attempt was recorded in every bucket, or the
 * milliseconds until the fullest refusing bucket has a free slot (nothing recorded). One script, so two
 * replicas' concurrent attempts are counted one after the other.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[1 + 2 * i])
  local window = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local blocking = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(blocking[2]) + window - now)
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, tonumber(ARGV[2 + 2 * i]))
end
return 0
`;

/** Where Redis failures are reported (a pino logger fits). */
export interface LoginAttemptsLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Login attempts in Redis, shared by every backend replica. While Redis fails, attempts are counted in
 * this process instead (logged): login, above all the master key's, must keep working during a Redis
 * outage, at the price of a per-replica count until Redis answers again.
 */
export class RedisLoginAttempts implements LoginAttemptStore {
  private readonly fallback = new InProcessLoginAttempts();
  /** One wait for the connection shared by every attempt that arrives meanwhile. */
  private connecting: Promise<boolean> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly logger: LoginAttemptsLogger,
    private readonly options: { prefix?: string; now?: () => number; connectWaitMs?: number } = {},
  ) {}

  // One hash tag for every login key: the script touches several keys, which Redis Cluster allows only in one slot.
  private redisKey(key: string): string {
    return `${this.options.prefix ?? 'switchboard'}:{login}:${key}`;
  }

  private warn(operation: string, error: unknown): void {
    this.logger.warn({ operation, error: error instanceof Error ? error.message : String(error) }, 'redis login throttle failed; counting login attempts in this process');
  }

  private connected(): Promise<boolean> {
    this.connecting ??= waitForRedis(this.redis, this.options.connectWaitMs ?? 250).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async reserve(buckets: readonly LoginBucket[]): Promise<LoginReservation> {
    const id = randomUUID();
    const keys = buckets.map((bucket) => this.redisKey(bucket.key));
    const windows = buckets.flatMap((bucket) => [bucket.limit, bucket.windowMs]);
    let waitMs: number;
    try {
      // Not connected yet (just started) or reconnecting: wait a moment rather than count this one in-process.
      if (this.redis.status !== 'ready' && !(await this.connected())) throw new Error(`redis is ${this.redis.status}`);
      const now = (this.options.now ?? Date.now)();
      waitMs = Number(await this.redis.eval(RESERVE, keys.length, ...keys, now, id, ...windows));
    } catch (error) {
      this.warn('reserve', error);
      return this.fallback.reserve(buckets);
    }
    return waitMs > 0 ? { granted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { granted: true, id };
  }

  async forget(key: string, id: string): Promise<void> {
    await this.fallback.forget(key, id);
    await this.redis.zrem(this.redisKey(key), id).catch((error: unknown) => this.warn('forget', error));
  }

  async clear(key: string): Promise<void> {
    await this.fallback.clear(key);
    await this.redis.del(this.redisKey(key)).catch((error: unknown) => this.warn('clear', error));
  }

  async close(): Promise<void> {
    await this.fallback.close();
    this.redis.disconnect();
  }
}
