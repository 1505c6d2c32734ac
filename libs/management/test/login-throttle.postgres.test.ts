import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { redisAvailable, TEST_REDIS_URL } from '@switchboard/limits-testing';
import { MASTER_KEY, startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();
const redis = await redisAvailable();

/** A login as `source` sees it: the harness trusts 127.0.0.1, the "proxy", to name the client in X-Forwarded-For. */
async function login(h: Harness, body: Record<string, string>, source: string): Promise<{ status: number; code?: string; retryAfter: number }> {
  const response = await fetch(`${h.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': source }, body: JSON.stringify(body) });
  const parsed = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: parsed.error?.code, retryAfter: Number(response.headers.get('retry-after') ?? 0) };
}

const countStatuses = (results: { status: number }[]) => results.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe.skipIf(!postgres.available || !redis)('login throttling across two backend replicas (PostgreSQL + Redis)', () => {
  let a: Harness;
  let b: Harness;
  const checks = () => a.passwordChecks + b.passwordChecks;
  beforeAll(async () => {
    const loginRedis = { url: TEST_REDIS_URL, prefix: `test-login-${randomUUID()}` };
    a = await startHarness({ loginRedis, trustedProxies: '127.0.0.1' });
    b = await startHarness({ sameDatabaseAs: a, loginRedis, trustedProxies: '127.0.0.1' });
    const created = await a.call('POST', '/user/new', { body: { user_id: 'victim', user_email: 'Victim@Example.com', password: 'victim-password-1' } });
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('200 parallel wrong passwords, by id and by e-mail, on both replicas: at most the limit is hashed, the rest get 429', async () => {
    const before = checks();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(i % 2 === 0 ? a : b, { username: i % 4 < 2 ? 'victim' : 'VICTIM@example.COM', password: `wrong-${i}` }, '203.0.113.9')),
    );
    // Separate buckets for id and e-mail, or per replica, would have let 20 or 40 through.
    expect(countStatuses(results)).toEqual({ 401: 10, 429: 190 });
    expect(checks() - before).toBe(10);
    const refused = results.filter((result) => result.status === 429);
    expect(refused.every((result) => result.code === 'login_throttled' && result.retryAfter > 0 && result.retryAfter <= 900)).toBe(true);
    // The account stays locked, whichever name, replica or source, even with the right password: no hash is spent.
    for (const [h, username] of [[a, 'victim'], [b, 'victim@example.com']] as const) {
      expect((await login(h, { username, password: 'victim-password-1' }, '198.51.100.1')).status).toBe(429);
    }
    expect(checks() - before).toBe(10);
  });

  it("the master key's login is not locked by that: another source logs in on either replica", async () => {
    // The attacker also locks the account named like UI_USERNAME.
    const locked = await Promise.all(Array.from({ length: 30 }, (_, i) => login(i % 2 === 0 ? a : b, { username: 'ADMIN', password: `wrong-${i}` }, '203.0.113.9')));
    expect(countStatuses(locked)).toEqual({ 401: 10, 429: 20 });
    for (const h of [a, b]) {
      const viaField = await login(h, { master_key: MASTER_KEY }, '198.51.100.1');
      expect(viaField.status).toBe(200);
      const viaUsername = await login(h, { username: 'admin', password: MASTER_KEY }, '198.51.100.1');
      expect(viaUsername.status).toBe(200);
    }
  });

  it('a source that guesses the master key backs off; other sources still log in with it', async () => {
    const guesses = await Promise.all(Array.from({ length: 200 }, (_, i) => login(i % 2 === 0 ? a : b, { master_key: `sk-guess-${i}` }, '203.0.113.66')));
    expect(countStatuses(guesses)).toEqual({ 401: 10, 429: 190 });
    // Refused at that source even with the right key, in either form; another source is not slowed.
    expect((await login(a, { master_key: MASTER_KEY }, '203.0.113.66')).status).toBe(429);
    expect((await login(b, { username: 'admin', password: MASTER_KEY }, '203.0.113.66')).status).toBe(429);
    expect((await login(b, { master_key: MASTER_KEY }, '198.51.100.2')).status).toBe(200);
    expect((await login(a, { username: 'admin', password: MASTER_KEY }, '198.51.100.3')).status).toBe(200);
  });

  it('a source spraying many accounts is refused past the per-source limit; unknown names answer like known ones', async () => {
    const before = checks();
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => login(i % 2 === 0 ? a : b, { username: `nobody-${i}`, password: 'wrong-password' }, '203.0.113.77')));
    expect(countStatuses(results)).toEqual({ 401: 100, 429: 20 });
    expect(checks() - before).toBe(100);
    // Another source is not refused, and an unknown name costs a hash like a known one.
    expect(await login(b, { username: 'nobody-0', password: 'wrong-password' }, '198.51.100.4')).toMatchObject({ status: 401, code: 'invalid_login' });
    expect(checks() - before).toBe(101);
  });

  it('X-Forwarded-For names the source only behind a trusted proxy', async () => {
    await login(a, { username: 'someone', password: 'wrong-password' }, '192.0.2.10');
    expect(a.logs.join('')).toContain('"source":"192.0.2.10"');
    const direct = await startHarness({ sameDatabaseAs: a });
    try {
      await login(direct, { username: 'someone', password: 'wrong-password' }, '192.0.2.11');
      const logs = direct.logs.join('');
      expect(logs).toContain('"source":"127.0.0.1"');
      expect(logs).not.toContain('192.0.2.11');
    } finally {
      await direct.close();
    }
  });
});
