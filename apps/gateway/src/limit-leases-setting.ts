import { flagSchema, parse } from './worker-settings.ts';

/**
 * LIMITS_LEASES (default true): with Redis, each gateway process admits most requests from capacity it
 * leased in Redis (LeasedLimiter) instead of a round trip per request; `false` sends every admission to
 * Redis. A bad value stops the start.
 */
export function limitLeasesFromEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  const raw = env.LIMITS_LEASES;
  return raw === undefined || raw === '' ? true : parse(flagSchema('LIMITS_LEASES'), raw);
}
