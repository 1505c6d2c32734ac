import { intFromEnv } from './env.ts';

export interface ServiceSettings {
  port: number;
  host: string;
  drainMs: number;
  graceMs: number;
}

/**
 * Settings every service reads the same way. The drain delay defaults to 5 s (a balancer's usual probe
 * period); Helm matches it with a preStop sleep and sets terminationGracePeriodSeconds above drain + grace.
 */
export function readServiceSettings(env: Readonly<Record<string, string | undefined>>, defaultPort: number): ServiceSettings {
  return {
    port: intFromEnv(env, 'PORT', defaultPort, { min: 0, max: 65_535 }),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    drainMs: intFromEnv(env, 'SHUTDOWN_DRAIN_MS', 5_000, { max: 600_000 }),
    graceMs: intFromEnv(env, 'SHUTDOWN_GRACE_MS', 30_000, { max: 3_600_000 }),
  };
}
