import { describe, expect, it } from 'vitest';
import { HttpError } from '@switchboard/service-kit';
import { InProcessLoginAttempts } from './in-process-login-attempts.ts';
import { LoginThrottle, type LoginLimits } from './login-throttle.ts';

const MINUTE = 60_000;
const LIMITS: LoginLimits = {
  account: { limit: 3, windowMs: MINUTE },
  source: { limit: 5, windowMs: MINUTE },
  masterKeySource: { limit: 2, windowMs: MINUTE },
};

function throttle(now = () => 1_000_000) {
  return new LoginThrottle(new InProcessLoginAttempts({ now }), LIMITS);
}

/** The admission's 429, or undefined when it was admitted. */
async function refusal(admission: Promise<unknown>): Promise<HttpError | undefined> {
  try {
    await admission;
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe('LoginThrottle', () => {
  it('locks an account for every source once its failures fill the window, with 429 login_throttled and Retry-After', async () => {
    const t = throttle();
    for (const source of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) expect(await refusal(t.admitPassword('user:alice', source))).toBeUndefined();
    const refused = await refusal(t.admitPassword('user:alice', '10.0.0.4'));
    expect(refused).toMatchObject({ status: 429, code: 'login_throttled', retryAfter: 60 });
    expect(await refusal(t.admitPassword('user:bob', '10.0.0.4'))).toBeUndefined();
  });

  it('forgives a successful login: the account starts over, the source loses only that attempt', async () => {
    const t = throttle();
    await t.admitPassword('user:alice', '10.0.0.1');
    await t.admitPassword('user:alice', '10.0.0.1');
    await (await t.admitPassword('user:alice', '10.0.0.1')).succeeded();
    for (let i = 0; i < 3; i++) expect(await refusal(t.admitPassword('user:alice', '10.0.0.9'))).toBeUndefined();
    // 10.0.0.1 still has its two failures: three more attempts fill its window of five.
    for (let i = 0; i < 3; i++) expect(await refusal(t.admitPassword(`user:other-${i}`, '10.0.0.1'))).toBeUndefined();
    expect((await refusal(t.admitPassword('user:carol', '10.0.0.1')))?.status).toBe(429);
  });

  it('refuses a source that tries many accounts, and only that source', async () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) expect(await refusal(t.admitPassword(`name:guess-${i}`, '203.0.113.7'))).toBeUndefined();
    expect((await refusal(t.admitPassword('name:guess-5', '203.0.113.7')))?.status).toBe(429);
    expect((await refusal(t.admitMasterKey('203.0.113.7')))?.status).toBe(429);
    expect(await refusal(t.admitPassword('name:guess-5', '198.51.100.1'))).toBeUndefined();
  });

  it('backs the master key off per source, never by an account lockout', async () => {
    const t = throttle();
    // Someone locks the account named like UI_USERNAME...
    for (let i = 0; i < 3; i++) await t.admitPassword('name:admin', '203.0.113.7');
    expect((await refusal(t.admitPassword('name:admin', '198.51.100.1')))?.status).toBe(429);
    // ...and guesses the master key until its source is refused.
    for (let i = 0; i < 2; i++) expect(await refusal(t.admitMasterKey('203.0.113.7'))).toBeUndefined();
    expect((await refusal(t.admitMasterKey('203.0.113.7')))?.status).toBe(429);
    // The operator's source is untouched, and a success there clears its own back-off.
    await t.admitMasterKey('198.51.100.1');
    await (await t.admitMasterKey('198.51.100.1')).succeeded();
    for (let i = 0; i < 2; i++) expect(await refusal(t.admitMasterKey('198.51.100.1'))).toBeUndefined();
  });

  it('does not count a source twice for one request (UI_USERNAME that was not the master key)', async () => {
    const t = throttle();
    for (let i = 0; i < 2; i++) {
      await t.admitMasterKey('10.0.0.1');
      await t.admitPassword(`user:admin-${i}`, '10.0.0.1', { sourceCounted: true });
    }
    // Two requests so far: three more fit in the source's window of five.
    for (let i = 0; i < 3; i++) expect(await refusal(t.admitPassword(`user:x-${i}`, '10.0.0.1'))).toBeUndefined();
    expect((await refusal(t.admitPassword('user:y', '10.0.0.1')))?.status).toBe(429);
  });

  it('lets an account try again once its window has passed', async () => {
    let now = 1_000_000;
    const t = throttle(() => now);
    for (let i = 0; i < 3; i++) {
      await t.admitPassword('user:alice', `10.0.0.${i}`);
      now += 10_000;
    }
    expect((await refusal(t.admitPassword('user:alice', '10.0.0.9')))?.retryAfter).toBe(30);
    now += 30_000;
    expect(await refusal(t.admitPassword('user:alice', '10.0.0.9'))).toBeUndefined();
  });
});

describe('InProcessLoginAttempts', () => {
  it('is bounded: past maxBuckets the least recently used buckets are forgotten', async () => {
    const store = new InProcessLoginAttempts({ maxBuckets: 10 });
    const bucket = (key: string) => [{ key, limit: 1, windowMs: MINUTE }];
    await store.reserve(bucket('account:first'));
    for (let i = 0; i < 100; i++) await store.reserve(bucket(`account:${i}`));
    expect((await store.reserve(bucket('account:first'))).granted).toBe(true);
    expect((await store.reserve(bucket('account:99'))).granted).toBe(false);
  });
});
