import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  it('refuses an account after too many failures until the window passes, and forgets on success', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(3, 60_000, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('alice')).toBe(0);
      throttle.recordFailure('alice');
    }
    expect(throttle.retryAfterSeconds('alice')).toBe(60);
    expect(throttle.retryAfterSeconds('bob')).toBe(0);
    now += 30_000;
    expect(throttle.retryAfterSeconds('alice')).toBe(30);
    now += 30_001;
    expect(throttle.retryAfterSeconds('alice')).toBe(0);
    throttle.recordFailure('alice');
    throttle.recordSuccess('alice');
    expect(throttle.retryAfterSeconds('alice')).toBe(0);
  });

  it('is bounded', () => {
    const throttle = new LoginThrottle(3, 60_000, 10);
    for (let i = 0; i < 100; i++) throttle.recordFailure(`user-${i}`);
    expect(throttle.retryAfterSeconds('user-0')).toBe(0);
  });
});
