import { describe, expect, it } from 'vitest';
import { limitLeasesFromEnv } from './limit-leases-setting.ts';

describe('LIMITS_LEASES', () => {
  it('is on unless set to false, and refuses anything but a boolean', () => {
    expect(limitLeasesFromEnv({})).toBe(true);
    expect(limitLeasesFromEnv({ LIMITS_LEASES: '' })).toBe(true);
    expect(limitLeasesFromEnv({ LIMITS_LEASES: 'false' })).toBe(false);
    expect(limitLeasesFromEnv({ LIMITS_LEASES: 'True' })).toBe(true);
    expect(() => limitLeasesFromEnv({ LIMITS_LEASES: 'off' })).toThrow('LIMITS_LEASES must be true or false');
  });
});
