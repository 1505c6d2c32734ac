import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();
const TABLES = ['users', 'keys', 'deleted_keys', 'teams', 'team_memberships', 'budgets', 'customers', 'models'];

/**
 * The escalations found by attacking a running stack (issue 15), each with its neighbours: other member and key
 * routes, other list-valued fields. Every one must be refused with 403 and leave the database as it was.
 */
describe.skipIf(!postgres.available)('no path to more power (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  const team = 'escalation-team';

  async function snapshot(): Promise<string> {
    const digest = createHash('sha256');
    for (const table of TABLES) digest.update(JSON.stringify((await h.pool.query(`select * from ${table} order by 1`)).rows));
    return digest.digest('hex');
  }

  /** The call must be refused with 403 and change no row. */
  async function refused(who: string, method: string, path: string, body?: unknown): Promise<string> {
    const before = await snapshot();
    const response = await h.call(method, path, { key: keys[who] ?? who, ...(body !== undefined ? { body } : {}) });
    expect({ path, body, status: response.status }).toEqual({ path, body, status: 403 });
    expect(await snapshot()).toBe(before);
    return response.body?.error?.message ?? '';
  }

  beforeAll(async () => {
    h = await startHarness();
    for (const [id, role] of [['boss', 'proxy_admin'], ['auditor', 'proxy_admin_viewer'], ['lead', 'internal_user'], ['dev', 'internal_user'], ['viewer', 'internal_user_viewer'], ['outsider', 'internal_user']] as const) {
      keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role, user_email: `${id}@example.com`, password: `password-of-${id}` } })).body.key;
    }
    await h.call('POST', '/team/new', { body: { team_id: team, members_with_roles: [{ role: 'admin', user_id: 'lead' }, { role: 'user', user_id: 'dev' }, { role: 'user', user_id: 'viewer' }] } });
    // A proxy admin already in the team (added by an admin): the team admin still may not act in their name.
    await h.call('POST', '/team/member_add', { body: { team_id: team, member: { role: 'user', user_id: 'boss' } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a team admin cannot pull a user of a higher role into the team, by id or by e-mail', async () => {
    await h.call('POST', '/team/member_delete', { body: { team_id: team, user_id: 'boss' } });
    await refused('lead', 'POST', '/team/member_add', { team_id: team, member: { user_id: 'boss' } });
    await refused('lead', 'POST', '/team/member_add', { team_id: team, member: { user_email: 'boss@example.com' } });
    await refused('lead', 'POST', '/team/member_add', { team_id: team, member: [{ user_id: 'outsider' }, { user_id: 'auditor', role: 'admin' }] });
    expect((await h.call('POST', '/team/member_add', { key: keys.lead, body: { team_id: team, member: { user_id: 'outsider' } } })).status).toBe(200);
    await h.call('POST', '/team/member_add', { body: { team_id: team, member: { role: 'user', user_id: 'boss' } } });
  });

  it("a team admin cannot mint a key in a higher role's name, and a key in a member's name calls models only", async () => {
    await refused('lead', 'POST', '/key/generate', { team_id: team, user_id: 'boss' });
    const minted = await h.call('POST', '/key/generate', { key: keys.lead, body: { team_id: team, user_id: 'dev' } });
    expect(minted.status).toBe(200);
    expect(minted.body.allowed_routes).toEqual(['openai_routes', 'anthropic_routes']);
    keys.mintedForDev = minted.body.key;
    // With it, nothing of the management API answers: not the member's keys, user, nor their password.
    for (const [method, path, body] of [
      ['GET', '/key/list', undefined],
      ['GET', '/user/info', undefined],
      ['POST', '/user/update', { user_id: 'dev', password: 'taken-over-password' }],
      ['POST', '/key/generate', {}],
      ['POST', '/user/new', { user_role: 'proxy_admin' }],
    ] as const) {
      await refused('mintedForDev', method, path, body);
    }
    for (const allowed_routes of [['management_routes'], ['/key/*'], ['/user/update'], ['info_routes'], ['/v1/*'], ['/openai/*']]) {
      await refused('lead', 'POST', '/key/generate', { team_id: team, user_id: 'dev', allowed_routes });
    }
  });

  it("a team admin can neither widen a member's key to the management API nor re-issue it to themselves", async () => {
    // A plain member makes team keys only when the team lets its members (team_member_permissions).
    expect((await h.call('POST', '/key/generate', { key: keys.dev, body: { team_id: team } })).status).toBe(401);
    expect((await h.call('POST', '/team/permissions_update', { key: keys.lead, body: { team_id: team, team_member_permissions: ['/key/generate'] } })).status).toBe(200);
    const devsOwn = await h.call('POST', '/key/generate', { key: keys.dev, body: { team_id: team } });
    expect(devsOwn.status).toBe(200);
    await refused('lead', 'POST', '/key/update', { key: devsOwn.body.token, allowed_routes: ['management_routes'] });
    await refused('lead', 'POST', '/key/regenerate', { key: devsOwn.body.token });
    const mintedToken = (await h.call('GET', `/key/info?key=${keys.mintedForDev}`)).body.info.token;
    await refused('lead', 'POST', '/key/update', { key: mintedToken, allowed_routes: ['/user/*'] });
    expect((await h.call('POST', '/key/regenerate', { key: keys.lead, body: { key: mintedToken } })).status).toBe(200);
  });

  it('an internal user cannot give itself provider passthrough through any route field', async () => {
    for (const allowed_routes of [['/openai/*'], ['/anthropic/v1/messages'], ['/bedrock*'], ['/openai/v1/chat/completions', '/v1/chat/completions']]) {
      await refused('dev', 'POST', '/key/generate', { allowed_routes });
    }
    const own = (await h.call('POST', '/key/generate', { key: keys.dev, body: {} })).body;
    await refused('dev', 'POST', '/key/update', { key: own.token, allowed_routes: ['/gemini/*'] });
    // A prefix that does not name a provider is allowed, and still does not reach passthrough.
    expect((await h.call('POST', '/key/generate', { key: keys.dev, body: { allowed_routes: ['/*'] } })).status).toBe(200);
    // A narrower key cannot mint a wider one, or widen itself back to the default routes.
    const narrow = (await h.call('POST', '/key/generate', { key: keys.dev, body: { allowed_routes: ['/v1/chat/completions', '/key/*'] } })).body;
    keys.narrow = narrow.key;
    await refused('narrow', 'POST', '/key/generate', { allowed_routes: ['/v1/embeddings'] });
    await refused('narrow', 'POST', '/key/update', { key: narrow.token, allowed_routes: [] });
    await refused('narrow', 'POST', '/key/update', { key: narrow.token, allowed_routes: ['llm_api_routes', '/key/*'] });
    expect((await h.call('POST', '/key/generate', { key: narrow.key, body: {} })).body.allowed_routes).toEqual(['/v1/chat/completions', '/key/*']);
  });

  it('models: no widening through an empty list or a special name', async () => {
    await h.call('POST', '/user/update', { body: { user_id: 'dev', models: ['gpt-4o'] } });
    const own = (await h.call('POST', '/key/generate', { key: keys.dev, body: {} })).body;
    expect(own.models).toEqual(['gpt-4o']);
    for (const models of [[], ['all-proxy-models'], ['*'], ['gpt-4o', 'o1'], ['openai/*']]) {
      await refused('dev', 'POST', '/key/update', { key: own.token, models });
    }
    await refused('dev', 'POST', '/key/generate', { models: ['all-proxy-models'] });
  });

  it("a team admin changes its team's models only within its organization's list or an admin's grant, never lifting the list", async () => {
    const teamModels = async (id: string) => (await h.call('GET', `/team/info?team_id=${id}`)).body.team_info.models as string[];
    await h.call('POST', '/organization/new', { body: { organization_id: 'models-org', organization_alias: 'models-org', models: ['gpt-4o', 'o1'] } });
    await h.call('POST', '/organization/new', { body: { organization_id: 'open-org', organization_alias: 'open-org' } });
    const members = [{ role: 'admin', user_id: 'lead' }, { role: 'user', user_id: 'dev' }, { role: 'admin', user_id: 'viewer' }];
    await h.call('POST', '/team/new', { body: { team_id: 'in-org', organization_id: 'models-org', models: ['gpt-4o'], members_with_roles: members } });
    await h.call('POST', '/team/new', { body: { team_id: 'in-open-org', organization_id: 'open-org', models: ['gpt-4o'], members_with_roles: members } });
    await h.call('POST', '/team/new', { body: { team_id: 'no-org', models: ['gpt-4o', 'claude-3'], members_with_roles: members } });

    // Beyond the organization's list, a name that lifts the list, or the last model: refused, nothing changed.
    for (const models of [['claude-3'], ['o1', 'claude-3'], ['all-proxy-models'], ['*'], ['all-team-models'], ['openai/*']]) {
      await refused('lead', 'POST', '/team/model/add', { team_id: 'in-org', models });
    }
    await refused('lead', 'POST', '/team/model/delete', { team_id: 'in-org', models: ['gpt-4o'] });
    // An organization without a list, or no organization and no admin grant for the name, grants nothing.
    await refused('lead', 'POST', '/team/model/add', { team_id: 'in-open-org', models: ['o1'] });
    await refused('lead', 'POST', '/team/model/add', { team_id: 'no-org', models: ['o1'] });
    // Members who are not the team's admins, other users, a viewer who is a team admin, an admin viewer.
    await refused('dev', 'POST', '/team/model/add', { team_id: 'in-org', models: ['o1'] });
    await refused('dev', 'POST', '/team/model/delete', { team_id: 'no-org', models: ['claude-3'] });
    await refused('outsider', 'POST', '/team/model/add', { team_id: 'in-org', models: ['o1'] });
    await refused('viewer', 'POST', '/team/model/add', { team_id: 'in-org', models: ['o1'] });
    await refused('auditor', 'POST', '/team/model/delete', { team_id: 'no-org', models: ['claude-3'] });
    // The grant itself is an admin's: not through a team update, nor a key's metadata.
    await refused('lead', 'POST', '/team/update', { team_id: 'no-org', metadata: { admin_models: ['o1'] } });
    await refused('lead', 'POST', '/key/generate', { team_id: 'no-org', metadata: { admin_models: ['o1'] } });

    // Within the organization's list; removing, then adding back what an admin granted.
    const added = await h.call('POST', '/team/model/add', { key: keys.lead, body: { team_id: 'in-org', models: ['o1', 'gpt-4o'] } });
    expect(added.status).toBe(200);
    expect(added.body.models).toEqual(['gpt-4o', 'o1']);
    // The members named, and the master key's dashboard user that created the team (its admin, as in LiteLLM).
    expect(added.body.members_with_roles.map((member: { user_id: string }) => member.user_id.replace(/^default_user_id-.*/, 'creator')).sort()).toEqual(['creator', 'dev', 'lead', 'viewer']);
    expect((await h.call('POST', '/team/model/delete', { key: keys.lead, body: { team_id: 'no-org', models: ['claude-3'] } })).body.models).toEqual(['gpt-4o']);
    expect((await h.call('POST', '/team/model/add', { key: keys.lead, body: { team_id: 'no-org', models: ['claude-3'] } })).body.models).toEqual(['gpt-4o', 'claude-3']);
    const audit = await h.pool.query("select action, actor, after->'models' as models from audit_log where object_id = 'in-org' and action like 'team.model_%'");
    expect(audit.rows).toEqual([{ action: 'team.model_add', actor: 'lead', models: ['gpt-4o', 'o1'] }]);
    expect(h.published).toContainEqual(expect.objectContaining({ entityType: 'team', entityId: 'in-org', action: 'update' }));
    // Naming a model the team does not have is a 404, not a silent success.
    const missing = await h.call('POST', '/team/model/delete', { key: keys.lead, body: { team_id: 'in-org', models: ['claude-3'] } });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'model_not_in_team']);

    // A proxy admin is unbounded, and what they leave becomes the grant the team admin may move within.
    expect((await h.call('POST', '/team/model/add', { body: { team_id: 'no-org', models: ['o1'] } })).body.metadata.admin_models).toEqual(['gpt-4o', 'claude-3', 'o1']);
    expect((await h.call('POST', '/team/model/delete', { key: keys.lead, body: { team_id: 'no-org', models: ['o1'] } })).status).toBe(200);
    expect((await h.call('POST', '/team/model/add', { key: keys.lead, body: { team_id: 'no-org', models: ['o1'] } })).status).toBe(200);
    expect((await h.call('POST', '/team/update', { body: { team_id: 'no-org', models: ['gpt-4o'] } })).body.metadata.admin_models).toEqual(['gpt-4o']);
    await refused('lead', 'POST', '/team/model/add', { team_id: 'no-org', models: ['o1'] });
    // Replacing the metadata keeps the grant; a proxy admin may empty the list (no restriction), a team admin never.
    expect((await h.call('POST', '/team/update', { body: { team_id: 'no-org', metadata: { note: 'kept' } } })).body.metadata).toEqual({ note: 'kept', admin_models: ['gpt-4o'] });
    expect((await h.call('POST', '/team/model/delete', { body: { team_id: 'in-open-org', models: ['gpt-4o'] } })).body.models).toEqual([]);
    expect(await teamModels('no-org')).toEqual(['gpt-4o']);
  });

  it('privileged metadata is an admin setting', async () => {
    const own = (await h.call('POST', '/key/generate', { key: keys.dev, body: {} })).body;
    // A key's owner may set its logging callbacks, but only to destinations on the allow-list (none here).
    const internal = await h.call('POST', '/key/generate', { key: keys.dev, body: { metadata: { logging: [{ callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'pk', langfuse_secret_key: 'sk', langfuse_host: 'http://169.254.169.254' } }] } } });
    expect([internal.status, internal.body.error.code]).toEqual([400, 'invalid_logging_settings']);
    expect(internal.body.error.message).toContain('destination http://169.254.169.254 is not on the logging destination allow-list');
    await refused('dev', 'POST', '/key/update', { key: own.token, metadata: { success_callback: ['langfuse'] } });
    await refused('dev', 'POST', '/key/update', { key: own.token, metadata: { permissions: { admin: true } } });
    await refused('dev', 'POST', '/key/update', { key: own.token, metadata: { model_rpm_limit: { 'gpt-4o': 1_000_000 } } });
  });

  it('a data-plane key is no management credential, and a password change needs the current password', async () => {
    keys.chatOnly = (await h.call('POST', '/key/generate', { key: keys.dev, body: { allowed_routes: ['/v1/chat/completions'] } })).body.key;
    await refused('chatOnly', 'POST', '/user/update', { user_id: 'dev', password: 'taken-over-password' });
    await refused('chatOnly', 'GET', '/key/info');
    await refused('dev', 'POST', '/user/update', { user_id: 'dev', password: 'new-password-123' });
    await refused('dev', 'POST', '/user/update', { user_id: 'dev', password: 'new-password-123', current_password: 'wrong-password' });
    expect((await h.call('POST', '/user/update', { key: keys.dev, body: { user_id: 'dev', password: 'new-password-123', current_password: 'password-of-dev' } })).status).toBe(200);
    // Admins reset passwords without the old one.
    expect((await h.call('POST', '/user/update', { body: { user_id: 'dev', password: 'reset-by-admin-1' } })).status).toBe(200);
  });
});
