import { describe, expect, it } from 'vitest';
import { InProcessLoginAttempts } from './in-process-login-attempts.ts';
import { loginAttemptsFromEnv } from './login-attempts-from-env.ts';
import { RedisLoginAttempts } from './redis-login-attempts.ts';

const silent = { warn: () => undefined };

describe('loginAttemptsFromEnv', () => {
  it('counts in this process without Redis settings', () => {
    expect(loginAttemptsFromEnv({}, silent)).toBeInstanceOf(InProcessLoginAttempts);
  });

  it('counts in Redis when REDIS_URL or REDIS_HOST is set', async () => {
    for (const env of [{ REDIS_URL: 'redis://127.0.0.1:6379' }, { REDIS_HOST: '127.0.0.1', REDIS_PORT: '6379' }]) {
      const store = loginAttemptsFromEnv(env, silent);
      expect(store).toBeInstanceOf(RedisLoginAttempts);
      await store.close();
    }
  });
});
