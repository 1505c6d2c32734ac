import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/** LiteLLM's `/team/bulk_member_add`: many members through /team/member_add's checks, in one change, reported per member. */
describe.skipIf(!postgres.available)('/team/bulk_member_add (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    for (const id of ['lead', 'ann', 'bob']) keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_email: `${id}@example.com`, user_role: 'internal_user' } })).body.key;
    await h.call('POST', '/team/new', { body: { team_id: 'bulk-members', members_with_roles: [{ user_id: 'lead', role: 'admin' }] } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("adds each member by id or e-mail with a budget in the team, in LiteLLM's shape", async () => {
    const answer = await h.call('POST', '/team/bulk_member_add', { body: { team_id: 'bulk-members', members: [{ user_id: 'ann' }, { user_email: 'bob@example.com', role: 'admin' }], max_budget_in_team: 7 } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ team_id: 'bulk-members', total_requested: 2, successful_additions: 2, failed_additions: 0 });
    expect(answer.body.results).toEqual([
      { user_id: 'ann', user_email: null, success: true, error: null },
      { user_id: 'bob', user_email: 'bob@example.com', success: true, error: null },
    ]);
    const roles = Object.fromEntries(answer.body.updated_team.members_with_roles.map((m: { user_id: string; role: string }) => [m.user_id, m.role]));
    expect(roles).toMatchObject({ lead: 'admin', ann: 'user', bob: 'admin' });
    const member = await h.call('GET', '/team/info?team_id=bulk-members');
    expect(member.body.team_memberships.find((m: { user_id: string }) => m.user_id === 'ann').litellm_budget_table.max_budget).toBe(7);
  });

  it("holds a team admin to /team/member_add's rules: no budgets, no proxy-wide all_users, nobody above them", async () => {
    expect((await h.call('POST', '/team/bulk_member_add', { key: keys.lead, body: { team_id: 'bulk-members', members: [{ user_id: 'ann' }], max_budget_in_team: 1 } })).status).toBe(403);
    expect((await h.call('POST', '/team/bulk_member_add', { key: keys.lead, body: { team_id: 'bulk-members', all_users: true } })).status).toBe(403);
    expect((await h.call('POST', '/team/bulk_member_add', { key: keys.ann, body: { team_id: 'bulk-members', members: [{ user_id: 'ann' }] } })).status).toBe(403);
    const teamAdminAdds = await h.call('POST', '/team/bulk_member_add', { key: keys.lead, body: { team_id: 'bulk-members', members: [{ user_id: 'new-by-lead' }] } });
    expect(teamAdminAdds.body).toMatchObject({ successful_additions: 1, failed_additions: 0 });
  });

  it('adds every user for an admin, and refuses an empty or oversized list and an unknown team', async () => {
    const all = await h.call('POST', '/team/bulk_member_add', { body: { team_id: 'bulk-members', all_users: true } });
    expect(all.status).toBe(200);
    expect(all.body.results.map((row: { user_id: string }) => row.user_id)).toEqual(expect.arrayContaining(['lead', 'ann', 'bob', 'new-by-lead']));
    for (const body of [{ team_id: 'bulk-members' }, { team_id: 'bulk-members', members: [] }, { team_id: 'bulk-members', members: Array.from({ length: 501 }, (_, i) => ({ user_id: `u${i}` })) }]) {
      expect((await h.call('POST', '/team/bulk_member_add', { body })).status).toBe(400);
    }
    expect((await h.call('POST', '/team/bulk_member_add', { body: { team_id: 'no-such-team', members: [{ user_id: 'ann' }] } })).status).toBe(404);
  });
});
