import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/** LiteLLM's `/key/{key}/reset_spend`, through the one authorization model. */
describe.skipIf(!postgres.available)("a key's spend set by hand: /key/{key}/reset_spend (PostgreSQL)", () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  const spent = (raw: string, spend: number) => h.pool.query('update keys set spend = $1 where hash = $2', [spend, hashApiKey(raw)]);
  const reset = (raw: string, body: unknown, key?: string) => h.call('POST', `/key/${raw}/reset_spend`, { body, ...(key === undefined ? {} : { key }) });

  beforeAll(async () => {
    h = await startHarness();
    keys.lead = (await h.call('POST', '/user/new', { body: { user_id: 'rs-lead', user_role: 'internal_user' } })).body.key;
    keys.member = (await h.call('POST', '/user/new', { body: { user_id: 'rs-member', user_role: 'internal_user' } })).body.key;
    await h.call('POST', '/team/new', { body: { team_id: 'rs-team', members_with_roles: [{ role: 'admin', user_id: 'rs-lead' }, { role: 'user', user_id: 'rs-member' }] } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sets the spend, marks the reset so every gateway starts a new budget counter, and tells them', async () => {
    const raw = (await h.call('POST', '/key/generate', { body: { max_budget: 10 } })).body.key;
    await spent(raw, 5);
    const answer = await reset(raw, { reset_to: 2 });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ spend: 2, token: hashApiKey(raw) });
    expect(Date.parse(answer.body.spend_reset_at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await h.call('GET', `/key/info?key=${raw}`)).body.info.spend).toBe(2);
    expect(h.published.some((event) => event.entityType === 'key' && event.entityId === hashApiKey(raw) && event.action === 'update')).toBe(true);
    const audit = await h.pool.query("select count(*)::int as n from audit_log where action = 'key.reset_spend' and object_id = $1", [hashApiKey(raw)]);
    expect(audit.rows[0].n).toBe(1);
    // By the key's hash too, and to 0.
    expect((await reset(hashApiKey(raw), { reset_to: 0 })).body.spend).toBe(0);
  });

  it("refuses what LiteLLM refuses with 400: below 0, above the spend, above the budget, not a number; an unknown key is a 404", async () => {
    const raw = (await h.call('POST', '/key/generate', { body: { max_budget: 1 } })).body.key;
    await spent(raw, 5);
    for (const [body, text] of [
      [{ reset_to: -1 }, 'must be >= 0'],
      [{ reset_to: 6 }, 'must be <= current spend'],
      [{ reset_to: 2 }, 'must be <= budget (1)'],
      [{ reset_to: '0' }, 'reset_to'],
      [{}, 'reset_to'],
    ] as const) {
      const answer = await reset(raw, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.text).toContain(text);
    }
    expect((await h.call('GET', `/key/info?key=${raw}`)).body.info.spend).toBe(5);
    expect((await reset('sk-no-such-key-0123456789', { reset_to: 0 })).status).toBe(404);
  });

  it("lets a team's admins reset the team's keys, and nobody their own personal key or another team's", async () => {
    const teamKey = (await h.call('POST', '/key/generate', { body: { team_id: 'rs-team', user_id: 'rs-member', max_budget: 10 } })).body.key;
    const personal = (await h.call('POST', '/key/generate', { key: keys.member, body: {} })).body.key;
    await spent(teamKey, 3);
    await spent(personal, 3);
    expect((await reset(teamKey, { reset_to: 0 }, keys.member)).status).toBe(403);
    expect((await reset(personal, { reset_to: 0 }, keys.member)).status).toBe(403);
    expect((await reset(teamKey, { reset_to: 1 }, keys.lead)).status).toBe(200);
    expect((await reset(personal, { reset_to: 0 }, keys.lead)).status).toBe(403);
    expect((await h.call('GET', `/key/info?key=${personal}`)).body.info.spend).toBe(3);
  });

  it("/global/spend/reset sets every key's and team's spend to 0 with the master key only, and every gateway starts their budgets anew", async () => {
    const raw = (await h.call('POST', '/key/generate', { body: { team_id: 'rs-team', max_budget: 10 } })).body.key;
    await spent(raw, 4);
    await h.pool.query("update teams set spend = 7 where id = 'rs-team'");
    await h.pool.query("update users set spend = 3 where id = 'rs-lead'");
    // A proxy admin's own key or session is not the master key (LiteLLM's route table: master key only).
    const admin = (await h.call('POST', '/user/new', { body: { user_id: 'rs-admin', user_role: 'proxy_admin' } })).body.key;
    expect((await h.call('POST', '/global/spend/reset', { key: admin })).status).toBe(403);
    expect((await h.call('POST', '/global/spend/reset', { key: keys.lead })).status).toBe(403);
    expect((await h.call('GET', `/key/info?key=${raw}`)).body.info.spend).toBe(4);

    const answer = await h.call('POST', '/global/spend/reset');
    expect(answer.body).toEqual({ message: 'Spend for all API Keys and Teams reset successfully', status: 'success' });
    expect((await h.call('GET', `/key/info?key=${raw}`)).body.info.spend).toBe(0);
    expect((await h.call('GET', '/team/info?team_id=rs-team')).body.team_info.spend).toBe(0);
    const rows = await h.pool.query("select (select count(*)::int from keys where spend <> 0 or spend_reset_at is null) as keys, (select count(*)::int from teams where spend <> 0 or spend_reset_at is null) as teams, (select spend::float from users where id = 'rs-lead') as user_spend");
    // Users' (and organizations') spend stays, as in LiteLLM.
    expect(rows.rows[0]).toEqual({ keys: 0, teams: 0, user_spend: 3 });
    expect(h.published.some((event) => event.entityType === 'team' && event.action === 'update')).toBe(true);
    const audit = await h.pool.query("select actor, after from audit_log where action = 'spend.reset_all'");
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].actor).toBe('master_key');
  });
});
