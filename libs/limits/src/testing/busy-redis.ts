import type { Redis } from 'ioredis';

/**
 * Keeps Redis itself busy for `ms` with a script that spins on its clock, as a slow script or a saturated
 * server would: every other client's command waits behind it. Resolves when the script ends. `client` must
 * be one of the test's own, with a command timeout longer than `ms`.
 */
export function busyRedis(client: Redis, ms: number): Promise<unknown> {
  const spin = `local t0 = redis.call('TIME'); local start = t0[1] * 1e6 + t0[2]
while true do local t = redis.call('TIME'); if t[1] * 1e6 + t[2] - start > tonumber(ARGV[1]) then break end end
return 1`;
  return client.eval(spin, 0, String(ms * 1000));
}
