import { createLimitsRedis, redisUrlFromEnv } from '@switchboard/limits';
import { InProcessLoginAttempts } from './in-process-login-attempts.ts';
import type { LoginAttemptStore } from './login-attempt-store.ts';
import { RedisLoginAttempts, type LoginAttemptsLogger } from './redis-login-attempts.ts';

/**
 * Redis (REDIS_URL, or REDIS_HOST/REDIS_PORT/REDIS_PASSWORD) when configured, so every backend replica
 * counts the same attempts; this process's memory otherwise. The command timeout is far longer than the
 * gateway's 50 ms: a login is not a hot path, and a timed-out reserve falls back to a per-replica count, so a
 * busy Redis (200 parallel guesses on a loaded host took over 250 ms) must not be taken for a failed one.
 */
export function loginAttemptsFromEnv(env: Readonly<Record<string, string | undefined>>, logger: LoginAttemptsLogger, options: { prefix?: string } = {}): LoginAttemptStore {
  const url = redisUrlFromEnv(env);
  if (url === undefined) return new InProcessLoginAttempts();
  return new RedisLoginAttempts(createLimitsRedis(url, { commandTimeoutMs: 2_000 }), logger, options);
}
