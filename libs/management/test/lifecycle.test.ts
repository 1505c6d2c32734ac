import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher, findModelById, hashApiKey, requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

// The same lifecycle on the local PostgreSQL and on the embedded PGlite that `npm start` serves.
const engines = [
  ['PostgreSQL', 'postgres', postgres.available],
  ['PGlite over pglite-socket', 'pglite', true],
] as const;

describe.each(engines)('management API lifecycle (%s)', (_name, engine, available) => {
  if (!available) return;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ engine });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('keys: generate, info by raw key and hash, update, block, unblock, regenerate with grace, delete', async () => {
    const created = await h.call('POST', '/key/generate', { body: { key_alias: 'ci-key', duration: '30d', models: ['gpt-4o'], max_budget: 12.5, rpm_limit: 10, metadata: { env: 'ci' } } });
    expect(created.status).toBe(200);
    const raw: string = created.body.key;
    expect(raw).toMatch(/^sk-[A-Za-z0-9_-]{32}$/);
    expect(created.body).toMatchObject({ token: hashApiKey(raw), key_alias: 'ci-key', key_name: `sk-...${raw.slice(-4)}`, models: ['gpt-4o'], max_budget: 12.5, rpm_limit: 10 });
    expect(Date.parse(created.body.expires)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(created.headers.get('x-content-type-options')).toBe('nosniff');

    const byRaw = await h.call('GET', `/key/info?key=${raw}`);
    const byHash = await h.call('GET', `/key/info?key=${created.body.token}`);
    expect(byRaw.body).toEqual(byHash.body);
    expect(byRaw.body.info.key_alias).toBe('ci-key');

    const updated = await h.call('POST', '/key/update', { body: { key: raw, max_budget: 20, tags: ['a'] } });
    expect(updated.body).toMatchObject({ max_budget: 20, tags: ['a'], rpm_limit: 10, key_alias: 'ci-key' });

    expect((await h.call('POST', '/key/block', { body: { key: raw } })).body.blocked).toBe(true);
    expect((await h.call('GET', '/key/info', { key: raw })).status).toBe(401);
    expect((await h.call('POST', '/key/unblock', { body: { key: raw } })).body.blocked).toBe(false);

    // The grace period is bounded (72h): beyond it the request is refused and the key left as it was.
    for (const grace_period of ['73h', '4d', '3650d']) {
      const tooLong = await h.call('POST', '/key/regenerate', { body: { key: raw, grace_period } });
      expect(tooLong.status, grace_period).toBe(400);
      expect(tooLong.body.error.message).toContain('grace_period: must be at most 72h');
    }
    expect((await h.call('GET', `/key/info?key=${raw}`)).body.info).toMatchObject({ key_alias: 'ci-key', rotation_count: 0 });

    const custom = 'sk-custom-value-abcdefghijklmnop';
    const regenerated = await h.call('POST', '/key/regenerate', { body: { key: raw, new_key: custom, grace_period: '72h' } });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body).toMatchObject({ key: custom, token: hashApiKey(custom), key_alias: 'ci-key', rotation_count: 1, max_budget: 20 });
    const old = await h.call('GET', `/key/info?key=${hashApiKey(raw)}`);
    expect(old.body.info.key_alias).toBeNull();
    expect(old.body.info.metadata.rotated_to).toBe(hashApiKey(custom));
    // The new row confirms the link, so the gateway lets the old key share the new key's limits and budget.
    expect(regenerated.body.metadata.rotated_from).toBe(hashApiKey(raw));
    expect(Date.parse(old.body.info.expires)).toBeLessThanOrEqual(Date.now() + 72 * 3600_000 + 5_000);
    expect(Date.parse(old.body.info.expires)).toBeGreaterThan(Date.now() + 71 * 3600_000);

    // LiteLLM's path form, by the key's hash, without a body; a body naming another key is refused.
    expect((await h.call('POST', `/key/${hashApiKey(custom)}/regenerate`, { body: { key: raw } })).status).toBe(400);
    const again = await h.call('POST', `/key/${hashApiKey(custom)}/regenerate`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ key_alias: 'ci-key', rotation_count: 2, old_key_token: hashApiKey(custom), old_key_expires: null });
    expect((await h.call('GET', `/key/info?key=${custom}`)).status).toBe(404);
    const latest = again.body.key as string;

    const deleted = await h.call('POST', '/key/delete', { body: { key_aliases: ['ci-key'], keys: [raw] } });
    expect(deleted.body.deleted_keys.sort()).toEqual([hashApiKey(raw), hashApiKey(latest)].sort());
    expect((await h.call('GET', `/key/info?key=${custom}`)).status).toBe(404);
    const archived = await h.pool.query('select count(*)::int as n from deleted_keys');
    // The old key the grace period kept, the key regenerated without one, and the last key.
    expect(archived.rows[0].n).toBe(3);
  });

  it('keys: list pages and filters', async () => {
    const user = (await h.call('POST', '/user/new', { body: { user_id: 'pager', auto_create_key: false } })).body;
    for (let i = 0; i < 5; i++) await h.call('POST', '/key/generate', { body: { user_id: user.user_id, key_alias: `page-${i}` } });
    const first = await h.call('GET', '/key/list?user_id=pager&page=1&size=2&return_full_object=true');
    const third = await h.call('GET', '/key/list?user_id=pager&page=3&size=2&return_full_object=true');
    expect(first.body).toMatchObject({ total_count: 5, current_page: 1, total_pages: 3 });
    expect(first.body.keys).toHaveLength(2);
    expect(third.body.keys).toHaveLength(1);
    expect((await h.call('GET', '/key/list?key_alias=page-3&return_full_object=true')).body.keys[0].key_alias).toBe('page-3');
    // LiteLLM's default: the keys' hashes, which every key route takes back.
    const hashes = (await h.call('GET', '/key/list?user_id=pager&size=10')).body.keys;
    expect(hashes).toHaveLength(5);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await h.call('GET', `/key/list?key_hash=${hashes[0]}&return_full_object=True`)).body.keys.map((key: { token: string }) => key.token)).toEqual([hashes[0]]);
    const byAlias = await h.call('GET', '/key/list?user_id=pager&sort_by=key_alias&sort_order=asc&return_full_object=1');
    expect(byAlias.body.keys.map((key: { key_alias: string }) => key.key_alias)).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    expect((await h.call('GET', '/key/list?sort_by=password')).status).toBe(400);
    expect((await h.call('GET', '/key/list?return_full_object=maybe')).status).toBe(400);
  });

  it('users: new (with auto-created key), info, update, list, delete', async () => {
    const created = await h.call('POST', '/user/new', { body: { user_id: 'alice', user_email: 'alice@example.com', user_role: 'internal_user', max_budget: 5, models: ['gpt-4o'] } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ user_id: 'alice', user_email: 'alice@example.com', user_role: 'internal_user', max_budget: 5 });
    expect(created.body.key).toMatch(/^sk-/);
    expect(created.body.password_hash).toBeUndefined();
    const info = await h.call('GET', '/user/info?user_id=alice');
    expect(info.body.keys).toHaveLength(1);
    expect(info.body.keys[0]).toMatchObject({ user_id: 'alice', models: ['gpt-4o'], max_budget: 5 });
    expect((await h.call('POST', '/user/update', { body: { user_id: 'alice', user_alias: 'Alice' } })).body.user_alias).toBe('Alice');
    const list = await h.call('GET', '/user/list?page=1&page_size=1');
    expect(list.body.users).toHaveLength(1);
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    // LiteLLM's filters: ids (comma-separated), a part of the e-mail in any case, a team's members; and its sort.
    await h.call('POST', '/user/new', { body: { user_id: 'list-x', user_email: 'Xavier_Ops@Example.com', auto_create_key: false } });
    await h.call('POST', '/user/new', { body: { user_id: 'list-y', user_email: 'yves@example.com', auto_create_key: false } });
    await h.call('POST', '/team/new', { body: { team_id: 'list-team', members_with_roles: [{ role: 'user', user_id: 'list-y' }] } });
    const ids = async (query: string) => (await h.call('GET', `/user/list?${query}`)).body.users.map((user: { user_id: string }) => user.user_id);
    expect(await ids('user_ids=list-y,list-x&sort_by=user_id')).toEqual(['list-x', 'list-y']);
    expect(await ids('user_ids=list-y,list-x&sort_by=user_id&sort_order=desc')).toEqual(['list-y', 'list-x']);
    expect(await ids('user_email=xavier_ops@')).toEqual(['list-x']);
    expect(await ids('user_email=%25')).toEqual([]);
    const members = await ids('team=list-team');
    expect(members).toContain('list-y');
    expect(members).not.toContain('list-x');
    expect((await h.call('GET', '/user/list?page_size=101')).status).toBe(400);
    expect((await h.call('GET', '/user/list?user_ids=,')).status).toBe(400);
    expect((await h.call('POST', '/user/delete', { body: { user_ids: ['alice'] } })).status).toBe(200);
    expect((await h.call('GET', '/user/info?user_id=alice')).status).toBe(404);
  });

  it('organizations, teams and members, budgets, customers', async () => {
    const org = await h.call('POST', '/organization/new', { body: { organization_alias: 'Acme', models: ['gpt-4o'], max_budget: 100 } });
    expect(org.status).toBe(200);
    const orgId = org.body.organization_id;
    expect(org.body.budget_id).toBeTruthy();
    await h.call('POST', '/user/new', { body: { user_id: 'bob', user_email: 'bob@example.com', auto_create_key: false } });
    await h.call('POST', '/user/new', { body: { user_id: 'carol', auto_create_key: false } });
    const team = await h.call('POST', '/team/new', { body: { team_alias: 'core', organization_id: orgId, members_with_roles: [{ role: 'admin', user_email: 'bob@example.com' }], models: ['gpt-4o'], max_budget: 50, rpm_limit: 100 } });
    expect(team.status).toBe(200);
    const teamId = team.body.team_id;
    // As LiteLLM: the creator is the team's admin too (for the master key, its dashboard user).
    const [named, creator] = team.body.members_with_roles;
    expect(named).toEqual({ user_id: 'bob', user_email: 'bob@example.com', role: 'admin' });
    expect(creator).toMatchObject({ user_id: expect.stringMatching(/^default_user_id-/), role: 'admin' });
    expect(team.body.members_with_roles).toHaveLength(2);
    expect((await h.call('POST', '/team/member_add', { body: { team_id: teamId, member: { role: 'user', user_id: 'carol' } } })).body.members_with_roles).toHaveLength(3);
    expect((await h.call('POST', '/team/member_delete', { body: { team_id: teamId, user_id: 'carol' } })).body.members_with_roles).toHaveLength(2);
    expect((await h.call('POST', '/team/update', { body: { team_id: teamId, max_budget: 60 } })).body.max_budget).toBe(60);
    expect((await h.call('POST', '/team/block', { body: { team_id: teamId } })).body.blocked).toBe(true);
    expect((await h.call('POST', '/team/unblock', { body: { team_id: teamId } })).body.blocked).toBe(false);
    expect((await h.call('GET', `/team/info?team_id=${teamId}`)).body.team_info.team_alias).toBe('core');
    expect((await h.call('GET', `/team/list?organization_id=${orgId}`)).body).toHaveLength(1);
    expect((await h.call('GET', `/v2/team/list?organization_id=${orgId}`)).body).toMatchObject({ total: 1, page: 1, page_size: 10, total_pages: 1 });
    expect((await h.call('GET', `/organization/info?organization_id=${orgId}`)).body.teams).toHaveLength(1);
    expect((await h.call('POST', '/organization/update', { body: { organization_id: orgId, organization_alias: 'Acme Inc' } })).body.organization_alias).toBe('Acme Inc');
    expect((await h.call('GET', '/organization/list')).body).toHaveLength(1);
    await h.call('POST', '/key/generate', { body: { team_id: teamId } });
    expect((await h.call('POST', '/team/delete', { body: { team_ids: [teamId] } })).status).toBe(200);
    expect((await h.call('POST', '/organization/delete', { body: { organization_ids: [orgId] } })).status).toBe(200);

    const budget = await h.call('POST', '/budget/new', { body: { budget_id: 'monthly', max_budget: 10, budget_duration: '30d' } });
    expect(budget.body).toMatchObject({ budget_id: 'monthly', max_budget: 10, budget_duration: '30d' });
    expect((await h.call('POST', '/budget/info', { body: { budgets: ['monthly'] } })).body).toHaveLength(1);
    expect((await h.call('GET', '/budget/list')).body.budgets.length).toBeGreaterThanOrEqual(1);

    const customer = await h.call('POST', '/customer/new', { body: { user_id: 'end-user-1', max_budget: 1 } });
    expect(customer.body.litellm_budget_table.max_budget).toBe(1);
    expect((await h.call('GET', '/end_user/info?end_user_id=end-user-1')).body.user_id).toBe('end-user-1');
    expect((await h.call('GET', '/customer/list')).body.customers).toHaveLength(1);
  });

  it('models: config and DB models listed with secrets masked, credentials encrypted at rest', async () => {
    const created = await h.call('POST', '/model/new', { body: { model_name: 'claude', litellm_params: { model: 'anthropic/claude-sonnet-4', api_key: 'sk-ant-secret-123456' }, model_info: { id: 'claude-1' } } });
    expect(created.status).toBe(200);
    expect(created.body.litellm_params.api_key).toBe('********');
    const stored = await h.pool.query('select params::text, credentials from models');
    expect(stored.rows[0].params).not.toContain('sk-ant-secret');
    expect(stored.rows[0].credentials).not.toContain('sk-ant-secret');
    for (const path of ['/model/info', '/v1/model/info', '/v2/model/info']) {
      const info = await h.call('GET', path);
      expect(info.body.data.map((m: { model_name: string }) => m.model_name).sort()).toEqual(['claude', 'gpt-4o']);
      expect(info.text).not.toContain('sk-config-secret-value');
      expect(info.text).not.toContain('sk-ant-secret');
    }
    expect((await h.call('GET', '/model_group/info')).body.data).toHaveLength(2);
    expect((await h.call('POST', '/model/update', { body: { model_id: 'claude-1', model_info: { note: 'x' } } })).body.model_info.note).toBe('x');
    // Sending the masked credential back (an edit form that did not touch it) keeps the stored key.
    const edited = await h.call('POST', '/model/update', { body: { model_id: 'claude-1', litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_key: '********' } } });
    expect(edited.status).toBe(200);
    const decrypted = await findModelById(h.db, createCredentialCipher('test-salt-key-0123456789'), 'claude-1');
    expect(decrypted?.params).toMatchObject({ model: 'anthropic/claude-sonnet-4-5', api_key: 'sk-ant-secret-123456' });
    // ...but not once the deployment points elsewhere: the stored key would be delivered to the new host.
    const moved = await h.call('POST', '/model/update', { body: { model_id: 'claude-1', litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_base: 'https://attacker.example', api_key: '********' } } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toContain('litellm_params.api_base');
    expect((await findModelById(h.db, createCredentialCipher('test-salt-key-0123456789'), 'claude-1'))?.params).not.toHaveProperty('api_base');
    // LiteLLM's PATCH merges: the fields sent change, the rest (the stored key among them) stay; null removes a param.
    const patched = await h.call('PATCH', '/model/claude-1/update', { body: { litellm_params: { rpm: 7, input_cost_per_token: 0.000001 }, model_info: { owner: 'ml', note: null } } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.litellm_params).toMatchObject({ model: 'anthropic/claude-sonnet-4-5', api_key: '********', rpm: 7, input_cost_per_token: 0.000001 });
    expect(patched.body.model_info).toMatchObject({ id: 'claude-1', note: 'x', owner: 'ml' });
    const cleared = await h.call('PATCH', '/model/claude-1/update', { body: { litellm_params: { input_cost_per_token: null } } });
    expect(cleared.body.litellm_params).not.toHaveProperty('input_cost_per_token');
    expect((await findModelById(h.db, createCredentialCipher('test-salt-key-0123456789'), 'claude-1'))?.params).toMatchObject({ api_key: 'sk-ant-secret-123456', rpm: 7 });
    // A PATCH that moves the deployment keeps no stored key it does not send again, as the masked form does not.
    const repointed = await h.call('PATCH', '/model/claude-1/update', { body: { litellm_params: { api_base: 'https://attacker.example' } } });
    expect(repointed.status).toBe(400);
    expect(repointed.body.error.param).toBe('litellm_params.api_key');
    expect((await findModelById(h.db, createCredentialCipher('test-salt-key-0123456789'), 'claude-1'))?.params).not.toHaveProperty('api_base');
    const withKey = await h.call('PATCH', '/model/claude-1/update', { body: { litellm_params: { api_base: 'https://other.example', api_key: 'sk-ant-new-key-9876' } } });
    expect(withKey.status, withKey.text).toBe(200);
    expect((await findModelById(h.db, createCredentialCipher('test-salt-key-0123456789'), 'claude-1'))?.params).toMatchObject({ api_base: 'https://other.example', api_key: 'sk-ant-new-key-9876' });
    expect((await h.call('PATCH', '/model/no-such-model/update', { body: { model_name: 'x' } })).status).toBe(404);
    const modelless = await h.call('PATCH', '/model/claude-1/update', { body: { litellm_params: { model: null } } });
    expect({ status: modelless.status, param: modelless.body.error?.param }).toEqual({ status: 400, param: 'litellm_params.model' });
    expect((await h.call('PATCH', '/model/claude-1/update', { body: { unknown_field: 1 } })).status).toBe(400);
    expect((await h.call('POST', '/model/delete', { body: { id: 'claude-1' } })).status).toBe(200);
    expect((await h.call('GET', '/model/info')).body.data).toHaveLength(1);
  });

  it('spend: logs, global spend, report and daily activity read the stored rows and aggregates', async () => {
    await h.pool.query(`insert into spend_logs (request_id, start_time, end_time, key_hash, user_id, team_id, model, spend, status, total_tokens)
      values ('0190a0a0-0000-7000-8000-000000000001', '2025-03-02T10:00:00Z', '2025-03-02T10:00:01Z', 'abc', 'bob', 't1', 'gpt-4o', 0.5, 'success', 100)`);
    await h.pool.query(`insert into daily_spend (day, entity_type, entity_id, model, spend, total_tokens, requests) values
      ('2025-03-02', 'global', '', 'gpt-4o', 0.5, 100, 1), ('2025-03-02', 'team', 't1', 'gpt-4o', 0.5, 100, 1), ('2025-03-02', 'user', 'bob', 'gpt-4o', 0.5, 100, 1)`);
    const logs = await h.call('GET', '/spend/logs?user_id=bob&start_date=2025-03-01&end_date=2025-03-02&summarize=false');
    expect(logs.body).toHaveLength(1);
    expect(logs.body[0]).toMatchObject({ request_id: '0190a0a0-0000-7000-8000-000000000001', spend: 0.5, api_key: 'abc' });
    // LiteLLM's default with both dates: spend per day, then the days without spend up to the end date.
    expect((await h.call('GET', '/spend/logs?user_id=bob&start_date=2025-03-01&end_date=2025-03-03')).body).toEqual([
      { startTime: '2025-03-02', spend: 0.5, abc: 0.5, users: { bob: 0.5 }, models: { 'gpt-4o': 0.5 } },
      { startTime: '2025-03-03', spend: 0, users: {}, models: {} },
    ]);
    expect((await h.call('GET', '/spend/logs/ui?start_date=2025-03-03')).body.data).toHaveLength(0);
    expect((await h.call('GET', '/global/spend')).body.spend).toBe(0.5);
    const report = await h.call('GET', '/spend/report?start_date=2025-03-01&end_date=2025-03-31&group_by=team');
    expect(report.body.data).toEqual([expect.objectContaining({ group: 't1', spend: 0.5, requests: 1 })]);
    expect((await h.call('GET', '/spend/report?start_date=2025-03-01&end_date=2025-03-31&group_by=model')).body.data[0].group).toBe('gpt-4o');
    expect((await h.call('GET', '/global/spend/report?start_date=2025-03-01&end_date=2025-03-31')).body).toEqual([{ group_by_day: '2025-03-02', teams: [expect.objectContaining({ team_name: 't1', total_spend: 0.5 })] }]);
    // LiteLLM's SpendAnalyticsPaginatedResponse: a day's metrics and their breakdown, totals, paging over days.
    const activity = await h.call('GET', '/user/daily/activity?user_id=bob&start_date=2025-03-01&end_date=2025-03-31');
    expect(activity.body.metadata).toMatchObject({ total_spend: 0.5, total_tokens: 100, total_api_requests: 1, total_successful_requests: 0, page: 1, total_pages: 1, has_more: false });
    expect(activity.body.results).toEqual([
      expect.objectContaining({ date: '2025-03-02', metrics: expect.objectContaining({ spend: 0.5, total_tokens: 100, api_requests: 1 }), breakdown: expect.objectContaining({ models: { 'gpt-4o': expect.objectContaining({ metrics: expect.objectContaining({ spend: 0.5 }) }) }, entities: { bob: expect.anything() } }) }),
    ]);
    const team = (await h.call('GET', '/team/daily/activity?team_id=t1&start_date=2025-03-01&end_date=2025-03-31&page=2&page_size=1')).body;
    expect(team).toMatchObject({ results: [], metadata: { total_spend: 0.5, page: 2, total_pages: 1, has_more: false } });
  });

  it('every change wrote an audit row and outbox events, and published invalidations after commit', async () => {
    const audit = await h.call('GET', '/audit?size=500');
    const actions = new Set(audit.body.data.map((row: { action: string }) => row.action));
    for (const action of ['key.generate', 'key.update', 'key.block', 'key.unblock', 'key.regenerate', 'key.retire', 'key.delete', 'user.new', 'user.update', 'user.delete', 'team.new', 'team.member_add', 'team.member_delete', 'team.update', 'team.block', 'team.delete', 'organization.new', 'organization.update', 'organization.delete', 'budget.new', 'customer.new', 'model.new', 'model.update', 'model.delete']) {
      expect(actions, action).toContain(action);
    }
    expect(audit.body.data.every((row: { actor: string }) => row.actor === 'master_key')).toBe(true);
    const blocked = audit.body.data.find((row: { action: string }) => row.action === 'key.block');
    expect(blocked.before.blocked).toBe(false);
    expect(blocked.after.blocked).toBe(true);
    const outbox = await h.pool.query<{ entity_type: string; action: string }>('select entity_type, action from outbox');
    const events = new Set(outbox.rows.map((row) => `${row.entity_type}:${row.action}`));
    for (const event of ['key:insert', 'key:update', 'key:delete', 'model:insert', 'model:delete', 'team:update', 'budget:insert', 'user:delete']) expect(events, event).toContain(event);
    expect(h.published.some((event) => event.entityType === 'key' && event.action === 'delete')).toBe(true);
    expect(h.published.some((event) => event.entityType === 'model' && event.action === 'insert')).toBe(true);
  });

  it('serves /openapi.json generated from the schemas of every mounted route', async () => {
    const doc = await h.call('GET', '/openapi.json', { key: '' });
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/key/generate'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    for (const path of ['/user/new', '/team/member_add', '/model/new', '/spend/logs', '/login', '/end_user/new', '/v2/model/info']) expect(doc.body.paths, path).toHaveProperty([path]);
  });
});

describe.skipIf(!postgres.available)('models without STORE_MODEL_IN_DB or SWITCHBOARD_SALT_KEY (PostgreSQL)', () => {
  it('refuses to write models with a clear 400 and stores nothing', async () => {
    const off = await startHarness({ storeModelInDb: false });
    const noSalt = await startHarness({ saltKey: undefined });
    try {
      const body = { model_name: 'm', litellm_params: { model: 'openai/gpt-4o', api_key: 'sk-upstream-secret' } };
      const a = await off.call('POST', '/model/new', { body });
      expect(a.status).toBe(400);
      expect(a.body.error.message).toContain('STORE_MODEL_IN_DB');
      const b = await noSalt.call('POST', '/model/new', { body });
      expect(b.status).toBe(400);
      expect(b.body.error.message).toContain('SWITCHBOARD_SALT_KEY');
      expect((await noSalt.pool.query('select count(*)::int as n from models')).rows[0].n).toBe(0);
    } finally {
      await off.close();
      await noSalt.close();
    }
  });
});
