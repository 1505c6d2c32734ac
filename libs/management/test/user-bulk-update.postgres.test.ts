import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/** LiteLLM's `/user/bulk_update`: a list of users or all of them, each through /user/update's checks, partial success per user. */
describe.skipIf(!postgres.available)('/user/bulk_update (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  const info = async (id: string) => (await h.call('GET', `/user/info?user_id=${id}`)).body.user_info as { max_budget: number | null; user_alias: string | null; user_role: string };

  beforeAll(async () => {
    h = await startHarness();
    for (const id of ['ann', 'bob']) keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_email: `${id}@example.com`, user_role: 'internal_user' } })).body.key;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("changes each user given, by id or e-mail, in LiteLLM's shape", async () => {
    const answer = await h.call('POST', '/user/bulk_update', { body: { users: [{ user_id: 'ann', max_budget: 10 }, { user_email: 'bob@example.com', user_alias: 'Bobby', max_budget: null }] } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total_requested: 2, successful_updates: 2, failed_updates: 0 });
    expect(answer.body.results).toEqual([
      { user_id: 'ann', user_email: null, success: true, error: null, updated_user: expect.objectContaining({ user_id: 'ann', max_budget: 10 }) },
      { user_id: 'bob', user_email: 'bob@example.com', success: true, error: null, updated_user: expect.objectContaining({ user_id: 'bob', user_alias: 'Bobby' }) },
    ]);
    expect((await info('ann')).max_budget).toBe(10);
    expect((await info('bob')).user_alias).toBe('Bobby');
  });

  it('holds a non-admin to /user/update\'s rules on every user: itself yes, another user and its own role no', async () => {
    const answer = await h.call('POST', '/user/bulk_update', { key: keys.ann, body: { users: [{ user_id: 'ann', user_alias: 'Ann' }, { user_id: 'bob', user_alias: 'hijacked' }, { user_id: 'ann', user_role: 'proxy_admin' }] } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total_requested: 3, successful_updates: 1, failed_updates: 2 });
    expect(answer.body.results.map((row: { user_id: string; success: boolean; error: string | null }) => [row.user_id, row.success, row.error])).toEqual([
      ['ann', true, null],
      ['bob', false, 'You may only update your own user'],
      ['ann', false, 'You may not change your own role'],
    ]);
    expect((await info('bob')).user_alias).toBe('Bobby');
    expect((await info('ann')).user_role).toBe('internal_user');
  });

  it('applies user_updates to every user for an admin only', async () => {
    expect((await h.call('POST', '/user/bulk_update', { key: keys.ann, body: { all_users: true, user_updates: { max_budget: 1 } } })).status).toBe(403);
    const answer = await h.call('POST', '/user/bulk_update', { body: { all_users: true, user_updates: { max_budget: 79 } } });
    expect(answer.status).toBe(200);
    expect(answer.body.successful_updates).toBe(answer.body.total_requested);
    expect(answer.body.results.map((row: { user_id: string }) => row.user_id)).toEqual(expect.arrayContaining(['ann', 'bob']));
    for (const id of ['ann', 'bob']) expect((await info(id)).max_budget).toBe(79);
  });

  it('refuses a body with neither users nor all_users and user_updates, an e-mail in user_updates, and more than 500 users', async () => {
    for (const body of [{}, { all_users: true }, { users: [] }, { all_users: true, user_updates: { user_email: 'x@example.com' } }, { users: Array.from({ length: 501 }, (_, i) => ({ user_id: `u${i}` })) }]) {
      const refused = await h.call('POST', '/user/bulk_update', { body });
      expect({ body: Object.keys(body), status: refused.status }).toEqual({ body: Object.keys(body), status: 400 });
    }
    expect((await h.call('POST', '/user/bulk_update', { body: {} })).body.error.message).toMatch(/Must specify either 'users'/);
  });
});
