import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/**
 * LiteLLM's `/key/service-account/generate`: a team's key that belongs to no user, made through `/key/generate`'s
 * checks. A team admin may make one; a plain member only when the team grants the route; nobody gets one that
 * manages anything.
 */
describe.skipIf(!postgres.available)('service account keys (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  const as = (who: string, body: unknown) => h.call('POST', '/key/service-account/generate', { key: keys[who] ?? who, body });

  beforeAll(async () => {
    h = await startHarness();
    for (const id of ['lead', 'dev', 'outsider']) keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: 'internal_user' } })).body.key;
    await h.call('POST', '/team/new', { body: { team_id: 'sa-team', models: ['gpt-4o'], max_budget: 10, members_with_roles: [{ role: 'admin', user_id: 'lead' }, { role: 'user', user_id: 'dev' }] } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("makes a team key with no user, in /key/generate's shape", async () => {
    const made = await h.call('POST', '/key/service-account/generate', { body: { team_id: 'sa-team', key_alias: 'ci-bot', models: ['gpt-4o'] } });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ team_id: 'sa-team', user_id: null, key_alias: 'ci-bot', models: ['gpt-4o'] });
    expect(String(made.body.key)).toMatch(/^sk-/);
  });

  it('needs a team and no user', async () => {
    expect((await h.call('POST', '/key/service-account/generate', { body: {} })).body.error).toMatchObject({ param: 'team_id' });
    expect((await h.call('POST', '/key/service-account/generate', { body: { team_id: 'sa-team', user_id: 'dev' } })).body.error).toMatchObject({ param: 'user_id' });
  });

  it("lets the team's admin make one that calls models only, a member only with the team's grant, and nobody else", async () => {
    const byLead = await as('lead', { team_id: 'sa-team' });
    expect(byLead.status).toBe(200);
    expect(byLead.body.user_id).toBeNull();
    expect(byLead.body.allowed_routes).toEqual(['openai_routes', 'anthropic_routes']);
    expect((await as('outsider', { team_id: 'sa-team' })).status).toBe(403);
    // LiteLLM's answer to a member without the team's grant: 401 team_member_permission_error.
    expect((await as('dev', { team_id: 'sa-team' })).body.error).toMatchObject({ type: 'team_member_permission_error', param: '/key/service-account/generate' });
    // The grant to make the team's own keys is not a grant to make keys that outlive the member.
    expect((await h.call('POST', '/team/permissions_update', { body: { team_id: 'sa-team', team_member_permissions: ['/key/generate'] } })).status).toBe(200);
    expect((await as('dev', { team_id: 'sa-team' })).status).toBe(401);
    expect((await h.call('POST', '/team/permissions_update', { body: { team_id: 'sa-team', team_member_permissions: ['/key/service-account/generate'] } })).status).toBe(200);
    expect((await as('dev', { team_id: 'sa-team' })).status).toBe(200);
    // Within the team's models, as any key a member makes.
    expect((await as('dev', { team_id: 'sa-team', models: ['gpt-4o', 'claude-opus'] })).status).toBe(403);
  });
});
