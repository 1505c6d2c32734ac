import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSpendBatch, requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/**
 * The management API as LiteLLM's own clients use it (issue 17): null means "no value", LiteLLM's request
 * fields are accepted (kept when not acted on, bounded when privileged), keys without a user read what
 * concerns them, users named before they exist are created with the weakest role, and answers have
 * LiteLLM's shapes.
 */
describe.skipIf(!postgres.available)('LiteLLM compatibility of the management API (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    keys.dev = (await h.call('POST', '/user/new', { body: { user_id: 'dev', user_role: 'internal_user', models: ['gpt-4o'] } })).body.key;
    await h.call('POST', '/team/new', { body: { team_id: 'svc-team', models: ['gpt-4o'] } });
    await h.call('POST', '/team/new', { body: { team_id: 'other-team' } });
    keys.teamKey = (await h.call('POST', '/key/generate', { body: { team_id: 'svc-team' } })).body.key;
    keys.otherTeamKey = (await h.call('POST', '/key/generate', { body: { team_id: 'other-team' } })).body.key;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists the four roles a user may be given, keyed by role, to anyone signed in (LiteLLM's /user/available_roles)", async () => {
    for (const key of [undefined, keys.dev]) {
      const answer = await h.call('GET', '/user/available_roles', key === undefined ? {} : { key });
      expect(answer.status, answer.text).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['internal_user', 'internal_user_viewer', 'proxy_admin', 'proxy_admin_viewer']);
      expect(answer.body.proxy_admin).toEqual({ description: expect.any(String), ui_label: 'Admin' });
    }
    expect((await h.call('GET', '/user/available_roles', { key: 'sk-nobody-0123456789' })).status).toBe(401);
  });

  it('treats an explicit null as no value on every management request', async () => {
    const nulls = { models: null, aliases: null, duration: null, max_budget: null, budget_duration: null, max_parallel_requests: null, user_id: null, team_id: null, metadata: null, tags: null, blocked: null };
    const created = await h.call('POST', '/key/generate', { body: { ...nulls, metadata: { note: 'kept' } } });
    expect(created.status).toBe(200);
    const updated = await h.call('POST', '/key/update', { body: { key: created.body.key, metadata: null, models: null, max_budget: 5 } });
    expect(updated.status).toBe(200);
    expect(updated.body.metadata).toEqual({ note: 'kept' });
    expect(updated.body.models).toEqual([]);
    expect((await h.call('POST', '/team/new', { body: { team_alias: 'nulls', metadata: null, models: null, members_with_roles: null } })).status).toBe(200);
    expect((await h.call('POST', '/organization/new', { body: { organization_alias: 'nulls', models: null, max_budget: null, metadata: null } })).status).toBe(200);
    // A required field stays required: null is refused with 400, naming it.
    const refused = await h.call('POST', '/customer/new', { body: { user_id: null } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('user_id');
  });

  it("keeps LiteLLM's fields it does not act on in metadata, names them in a warning, and refuses names LiteLLM does not know", async () => {
    const created = await h.call('POST', '/key/generate', { body: { guardrails: ['pii'], model_rpm_limit: { 'gpt-4o': 10 }, key_type: 'llm_api', config: {}, permissions: {} } });
    expect(created.status).toBe(200);
    expect(created.body.metadata).toEqual({ guardrails: ['pii'], model_rpm_limit: { 'gpt-4o': 10 }, key_type: 'llm_api' });
    // Guardrails are kept in metadata too, and the gateway acts on them: they are not in the warning.
    expect(h.logs.some((line) => line.includes('not acted on yet: model_rpm_limit, key_type'))).toBe(true);
    const unknown = await h.call('POST', '/key/generate', { body: { not_a_litellm_field: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('unknown field(s) not_a_litellm_field');
    const customer = await h.call('POST', '/end_user/new', { body: { user_id: 'eu-1', allowed_model_region: 'eu', default_model: 'gpt-4o' } });
    expect(customer.status).toBe(200);
    expect(customer.body.metadata).toEqual({ allowed_model_region: 'eu', default_model: 'gpt-4o' });
  });

  it('bounds the privileged ones like any privileged metadata: a non-admin may add guardrails, not grant itself limits or routes', async () => {
    expect((await h.call('POST', '/key/generate', { key: keys.dev, body: { model_rpm_limit: { 'gpt-4o': 1e6 } } })).status).toBe(403);
    expect((await h.call('POST', '/key/generate', { key: keys.dev, body: { allowed_passthrough_routes: ['/openai/*'] } })).status).toBe(403);
    expect((await h.call('POST', '/key/generate', { key: keys.dev, body: { object_permission: { mcp_servers: ['x'] } } })).status).toBe(403);
    expect((await h.call('POST', '/key/generate', { key: keys.dev, body: { spend: 5 } })).status).toBe(403);
    const own = await h.call('POST', '/key/generate', { key: keys.dev, body: { guardrails: ['pii'], policies: ['strict'] } });
    expect(own.status).toBe(200);
    expect((await h.call('POST', '/key/update', { key: keys.dev, body: { key: own.body.key, policies: ['other'] } })).status).toBe(403);
  });

  it('makes the first key of /user/new from the key fields, and team_id makes the user a member', async () => {
    const created = await h.call('POST', '/user/new', { body: { user_id: 'first-key', aliases: { cheap: 'gpt-4o' }, duration: '1h', team_id: 'svc-team', key_alias: 'first', models: ['gpt-4o'] } });
    expect(created.status).toBe(200);
    const info = await h.call('GET', `/key/info?key=${created.body.key}`);
    expect(info.body.info).toMatchObject({ team_id: 'svc-team', key_alias: 'first', aliases: { cheap: 'gpt-4o' } });
    expect(info.body.info.expires).not.toBeNull();
    const user = await h.call('GET', '/user/info?user_id=first-key');
    expect(user.body.teams.map((team: { team_id: string }) => team.team_id)).toEqual(['svc-team']);
  });

  it('lets a key without a user read itself, its team and its models, and nothing else, and change nothing', async () => {
    const self = await h.call('GET', '/key/info', { key: keys.teamKey });
    expect(self.status).toBe(200);
    expect(self.body.info.team_id).toBe('svc-team');
    expect((await h.call('GET', `/key/info?key=${keys.otherTeamKey}`, { key: keys.teamKey })).status).toBe(403);
    expect((await h.call('GET', `/key/info?key=sk-${'0'.repeat(32)}`, { key: keys.teamKey })).status).toBe(404);
    expect((await h.call('GET', '/team/info?team_id=svc-team', { key: keys.teamKey })).status).toBe(200);
    expect((await h.call('GET', '/team/info?team_id=other-team', { key: keys.teamKey })).status).toBe(403);
    for (const path of ['/model/info', '/v2/model/info']) {
      const models = await h.call('GET', path, { key: keys.teamKey });
      expect(models.status).toBe(200);
      expect(models.body.data.map((model: { model_name: string }) => model.model_name)).toEqual(['gpt-4o']);
    }
    expect((await h.call('POST', '/key/generate', { key: keys.teamKey, body: { team_id: 'svc-team' } })).status).toBe(403);
    expect((await h.call('POST', '/key/update', { key: keys.teamKey, body: { key: keys.teamKey, max_budget: 100 } })).status).toBe(403);
    expect((await h.call('POST', '/team/member_add', { key: keys.teamKey, body: { team_id: 'svc-team', member: { user_id: 'dev' } } })).status).toBe(403);
  });

  it('shows a user only the models they may call on /model/info, an admin all', async () => {
    const mine = await h.call('GET', '/model/info', { key: keys.dev });
    expect(mine.body.data.map((model: { model_name: string }) => model.model_name)).toEqual(['gpt-4o']);
    await h.call('POST', '/user/update', { body: { user_id: 'dev', models: ['claude'] } });
    expect((await h.call('GET', '/model/info', { key: keys.dev })).body.data).toEqual([]);
    expect((await h.call('GET', '/model/info')).body.data.length).toBeGreaterThan(0);
    await h.call('POST', '/user/update', { body: { user_id: 'dev', models: ['gpt-4o'] } });
  });

  it('creates users named before they exist, once under concurrency, with the weakest role', async () => {
    const teams = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', '/team/new', { body: { members_with_roles: [{ role: 'user', user_id: 'named-first' }] } })));
    expect(teams.map((team) => team.status)).toEqual(Array(8).fill(200));
    const named = await h.call('GET', '/user/info?user_id=named-first');
    expect(named.body.user_info.user_role).toBe('internal_user_viewer');
    expect(named.body.teams).toHaveLength(8);
    const byEmail = await h.call('POST', '/team/member_add', { body: { team_id: 'svc-team', member: { role: 'user', user_email: 'new@example.com' } } });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.members_with_roles.find((member: { user_email: string | null }) => member.user_email === 'new@example.com')).toBeDefined();
    const minted = await h.call('POST', '/key/generate', { body: { user_id: 'not-yet-a-user' } });
    expect(minted.status).toBe(200);
    // Being named gives no power: the new user's key may not mint keys.
    expect((await h.call('POST', '/key/generate', { key: minted.body.key, body: { user_id: 'not-yet-a-user' } })).status).toBe(403);
    const upserted = await h.call('POST', '/user/update', { body: { user_id: 'updated-first', spend: 0 } });
    expect(upserted.status).toBe(200);
    expect(upserted.body).toMatchObject({ user_id: 'updated-first', spend: 0, user_role: 'internal_user_viewer' });
  });

  it("answers in LiteLLM's shapes", async () => {
    const key = await h.call('POST', '/key/generate', { body: {} });
    expect(key.body.token_id).toBe(key.body.token);
    const model = await h.call('POST', '/model/new', { body: { model_name: 'shape', litellm_params: { model: 'openai/gpt-4o' } } });
    expect(model.body.model_id).toBe(model.body.model_info.id);
    const organization = await h.call('POST', '/organization/new', { body: { organization_alias: 'shaped', max_budget: 3 } });
    expect(organization.body.litellm_budget_table).toMatchObject({ max_budget: 3 });
    const list = await h.call('GET', '/organization/list');
    expect(Array.isArray(list.body)).toBe(true);
    for (const row of list.body) expect(row.litellm_budget_table).not.toBeNull();
    const team = await h.call('POST', '/team/update', { body: { team_id: 'svc-team', team_alias: 'renamed' } });
    expect(team.body.data).toMatchObject({ team_id: 'svc-team', team_alias: 'renamed' });
  });

  it("lists teams as LiteLLM's /team/list does: every team in a list by alias, a user's, those in no organization; /v2/team/list a page", async () => {
    await h.call('POST', '/team/new', { body: { team_id: 'list-b', team_alias: 'b-team', members_with_roles: [{ role: 'admin', user_id: 'list-lead' }, { role: 'user', user_id: 'list-member' }] } });
    await h.call('POST', '/team/new', { body: { team_id: 'list-a', team_alias: 'a-team', members_with_roles: [{ role: 'user', user_id: 'list-member' }] } });
    await h.call('POST', '/key/generate', { body: { team_id: 'list-b', key_alias: 'b-key' } });
    const all = await h.call('GET', '/team/list');
    expect(Array.isArray(all.body)).toBe(true);
    const aliases = all.body.map((team: { team_alias: string | null }) => team.team_alias ?? '');
    expect(aliases).toEqual([...aliases].sort());
    const b = all.body.find((team: { team_id: string }) => team.team_id === 'list-b');
    expect(b.members_with_roles.map((member: { user_id: string }) => member.user_id)).toEqual(expect.arrayContaining(['list-lead', 'list-member']));
    expect(b.keys.map((key: { key_alias: string }) => key.key_alias)).toEqual(['b-key']);
    expect((await h.call('GET', '/team/list?user_id=list-member')).body.map((team: { team_id: string }) => team.team_id)).toEqual(['list-a', 'list-b']);
    const unorganized = (await h.call('GET', '/team/list?organization_id=default_organization')).body;
    expect(unorganized.length).toBeGreaterThan(0);
    expect(unorganized.every((team: { organization_id: string | null }) => team.organization_id === null)).toBe(true);

    // A member lists their own teams; the team's keys only where they are its admin.
    const lead = (await h.call('POST', '/key/generate', { body: { user_id: 'list-lead' } })).body.key;
    const member = (await h.call('POST', '/key/generate', { body: { user_id: 'list-member' } })).body.key;
    const leadTeams = (await h.call('GET', '/team/list', { key: lead })).body;
    expect(leadTeams.map((team: { team_id: string }) => team.team_id)).toEqual(['list-b']);
    expect(leadTeams[0].keys).toHaveLength(1);
    const memberTeams = (await h.call('GET', '/team/list', { key: member })).body;
    expect(memberTeams.map((team: { team_id: string }) => team.team_id)).toEqual(['list-a', 'list-b']);
    for (const team of memberTeams) expect(team).not.toHaveProperty('keys');
    expect((await h.call('GET', '/team/list?user_id=list-lead', { key: member })).status).toBe(403);

    const page = await h.call('GET', '/v2/team/list?page_size=1&sort_by=team_alias&sort_order=desc&user_id=list-member');
    expect(page.body).toMatchObject({ total: 2, page: 1, page_size: 1, total_pages: 2 });
    expect(page.body.teams.map((team: { team_id: string }) => team.team_id)).toEqual(['list-b']);
    expect((await h.call('GET', '/v2/team/list', { key: member })).body.total).toBe(2);
  });

  it('finds a spend row by the id the client got, and reports spend per day and team', async () => {
    const now = new Date();
    await insertSpendBatch(h.db, [
      {
        requestId: '01890000-0000-7000-8000-000000000001',
        responseId: 'chatcmpl-abc',
        startTime: now,
        endTime: now,
        teamId: 'svc-team',
        model: 'gpt-4o',
        spend: '0.25',
        status: 'success',
        metadata: { user_api_key_team_id: 'svc-team' },
      },
      {
        requestId: '01890000-0000-7000-8000-000000000002',
        responseId: 'chatcmpl-streamed',
        startTime: now,
        endTime: new Date(now.getTime() + 900),
        timeToFirstTokenMs: 120,
        userId: 'svc-user',
        deploymentId: 'dep-1',
        provider: 'openai',
        model: 'gpt-4o',
        spend: '0',
        status: 'success',
        cacheHit: true,
        metadata: { cache_key: 'k-1' },
      },
    ]);
    const logs = await h.call('GET', '/spend/logs?request_id=chatcmpl-abc');
    expect(logs.status).toBe(200);
    expect(logs.body).toHaveLength(1);
    expect(logs.body[0]).toMatchObject({ response_id: 'chatcmpl-abc', team_id: 'svc-team', metadata: { user_api_key_team_id: 'svc-team' } });
    // LiteLLM's column names beside Switchboard's: times, user, deployment, provider, and cache_hit as its text.
    expect(logs.body[0]).toMatchObject({ startTime: now.toISOString(), endTime: now.toISOString(), completionStartTime: now.toISOString(), user: '', model_id: null, cache_hit: 'False', cache_key: null });
    expect((await h.call('GET', '/spend/logs?request_id=01890000-0000-7000-8000-000000000001')).body).toHaveLength(1);
    const streamed = (await h.call('GET', '/spend/logs?request_id=chatcmpl-streamed')).body[0];
    expect(streamed).toMatchObject({ completionStartTime: new Date(now.getTime() + 120).toISOString(), user: 'svc-user', model_id: 'dep-1', custom_llm_provider: 'openai', cache_hit: 'True', cache_key: 'k-1' });
    const day = now.toISOString().slice(0, 10);
    const report = await h.call('GET', `/global/spend/report?start_date=${day}&end_date=${day}`);
    expect(report.body).toEqual([{ group_by_day: day, teams: [expect.objectContaining({ team_name: 'renamed', total_spend: 0.25 })] }]);
    const teams = await h.call('GET', `/global/spend/teams?start_date=${day}&end_date=${day}`);
    expect(teams.body.total_spend_per_team).toEqual([{ team_id: 'svc-team', team_alias: 'renamed', total_spend: 0.25 }]);
  });

  it('serves the routes LiteLLM has: budgets, end users, team and organization members', async () => {
    await h.call('POST', '/budget/new', { body: { budget_id: 'b1', max_budget: 1 } });
    expect((await h.call('POST', '/budget/update', { body: { budget_id: 'b1', max_budget: 2 } })).body.max_budget).toBe(2);
    expect((await h.call('POST', '/budget/delete', { body: { id: 'b1' } })).status).toBe(200);
    expect((await h.call('POST', '/budget/info', { body: { budgets: ['b1'] } })).body).toEqual([]);

    await h.call('POST', '/customer/new', { body: { user_id: 'eu-2' } });
    expect((await h.call('POST', '/end_user/update', { body: { user_id: 'eu-2', max_budget: 4, alias: 'two' } })).body).toMatchObject({ alias: 'two', litellm_budget_table: { max_budget: 4 } });
    await h.call('POST', '/customer/block', { body: { user_ids: ['eu-2'] } });
    expect((await h.call('GET', '/customer/info?end_user_id=eu-2')).body.blocked).toBe(true);
    await h.call('POST', '/end_user/unblock', { body: { user_ids: ['eu-2'] } });
    expect((await h.call('GET', '/customer/info?end_user_id=eu-2')).body.blocked).toBe(false);
    await h.call('POST', '/customer/delete', { body: { user_ids: ['eu-2'] } });
    expect((await h.call('GET', '/customer/info?end_user_id=eu-2')).status).toBe(404);

    await h.call('POST', '/team/member_add', { body: { team_id: 'svc-team', member: { role: 'user', user_id: 'dev' } } });
    const member = await h.call('POST', '/team/member_update', { body: { team_id: 'svc-team', user_id: 'dev', max_budget_in_team: 0.5, role: 'admin' } });
    expect(member.body).toMatchObject({ role: 'admin', max_budget_in_team: 0.5 });
    const info = await h.call('GET', '/user/info?user_id=dev');
    expect(info.body.teams.find((team: { team_id: string }) => team.team_id === 'svc-team').team_memberships[0].litellm_budget_table.max_budget).toBe(0.5);
    // /team/info carries LiteLLM's membership rows too: the member's spend and own budget in the team.
    const teamInfo = await h.call('GET', '/team/info?team_id=svc-team');
    expect(teamInfo.body.team_memberships.find((row: { user_id: string }) => row.user_id === 'dev')).toMatchObject({ team_id: 'svc-team', spend: 0, litellm_budget_table: { max_budget: 0.5 } });
    // A team admin manages members' roles, never their budgets.
    expect((await h.call('POST', '/team/member_update', { key: keys.dev, body: { team_id: 'svc-team', user_id: 'first-key', max_budget_in_team: 100 } })).status).toBe(403);

    const organization = (await h.call('POST', '/organization/new', { body: { organization_alias: 'members' } })).body.organization_id;
    expect((await h.call('POST', '/organization/member_add', { body: { organization_id: organization, member: { user_id: 'dev', role: 'internal_user' } } })).status).toBe(200);
    expect((await h.call('PATCH', '/organization/member_update', { body: { organization_id: organization, user_id: 'dev', role: 'org_admin' } })).body.user_role).toBe('org_admin');
    const listed = (await h.call('GET', '/organization/list')).body.find((row: { organization_id: string }) => row.organization_id === organization);
    expect(listed.members).toEqual([expect.objectContaining({ user_id: 'dev', user_role: 'org_admin' })]);
    expect((await h.call('DELETE', '/organization/member_delete', { body: { organization_id: organization, user_id: 'dev' } })).status).toBe(200);
    expect((await h.call('DELETE', '/organization/delete', { body: { organization_ids: [organization] } })).status).toBe(200);
    expect((await h.call('GET', `/organization/info?organization_id=${organization}`)).status).toBe(404);
  });

  it('refuses removing or changing someone who is not a member with 400, as LiteLLM does, whether or not the user exists', async () => {
    await h.call('POST', '/team/member_add', { body: { team_id: 'svc-team', member: { role: 'user', user_id: 'leaver' } } });
    expect((await h.call('POST', '/team/member_delete', { body: { team_id: 'svc-team', user_id: 'leaver' } })).status).toBe(200);
    for (const user_id of ['leaver', 'never-existed']) {
      const again = await h.call('POST', '/team/member_delete', { body: { team_id: 'svc-team', user_id } });
      expect(again.status).toBe(400);
      expect(again.body.error).toMatchObject({ code: 'member_not_found', message: 'That user is not a member of the team' });
      expect((await h.call('POST', '/team/member_update', { body: { team_id: 'svc-team', user_id, role: 'admin' } })).status).toBe(400);
    }
    const organization = (await h.call('POST', '/organization/new', { body: { organization_alias: 'no-members' } })).body.organization_id;
    expect((await h.call('DELETE', '/organization/member_delete', { body: { organization_id: organization, user_id: 'leaver' } })).status).toBe(400);
    expect((await h.call('PATCH', '/organization/member_update', { body: { organization_id: organization, user_email: 'nobody@example.com', role: 'org_admin' } })).status).toBe(400);
    // The team itself missing is still a 404.
    expect((await h.call('POST', '/team/member_delete', { body: { team_id: 'no-such-team', user_id: 'leaver' } })).status).toBe(404);
  });

  it("refuses a non-admin touching another user's key with 403, as LiteLLM does", async () => {
    const others = (await h.call('POST', '/key/generate', { body: { user_id: 'first-key' } })).body.key;
    expect((await h.call('POST', '/key/update', { key: keys.dev, body: { key: others, metadata: { x: 1 } } })).status).toBe(403);
    expect((await h.call('POST', '/key/delete', { key: keys.dev, body: { keys: [others] } })).status).toBe(403);
  });
});
