import { describe, expect, it } from 'vitest';
import { envFlag } from './env-flag.ts';

const limitLeasesFromEnv = (env: Record<string, string | undefined>) => envFlag(env, 'LIMITS_LEASES', true);

describe('LIMITS_LEASES', () => {
  it('is on unless set to false, and refuses anything but a boolean', () => {
    expect(limitLeasesFromEnv({})).toBe(true);
    expect(limitLeasesFromEnv({ LIMITS_LEASES: '' })).toBe(true);
    expect(limitLeasesFromEnv({ LIMITS_LEASES: 'false' })).toBe(false);
    expect(limitLeasesFromEnv({ LIMITS_LEASES: 'True' })).toBe(true);
    expect(() => limitLeasesFromEnv({ LIMITS_LEASES: 'off' })).toThrow('LIMITS_LEASES must be true or false');
  });
});
