import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureTransport } from './http.ts';
import { managementApi } from './management-client.ts';

interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

let calls: Call[];
let reply: unknown;
let restore: () => void;

beforeEach(() => {
  calls = [];
  reply = {};
  restore = configureTransport({
    fetch: async (url, init = {}) => {
      const parsed = new URL(url, 'http://ui.test');
      calls.push({ method: init.method ?? 'GET', path: parsed.pathname, query: Object.fromEntries(parsed.searchParams), body: init.body ? JSON.parse(String(init.body)) : undefined });
      return new Response(JSON.stringify(reply), { status: 200 });
    },
    onUnauthorized: () => undefined,
  });
});
afterEach(() => restore());

const last = () => calls.at(-1) as Call;

describe('the management API client speaks the reference paths and fields (SPEC §7)', () => {
  it('logs in with the master key or a username and password', async () => {
    await managementApi.login({ master_key: 'sk-master' });
    expect(last()).toMatchObject({ method: 'POST', path: '/login', body: { master_key: 'sk-master' } });
    await managementApi.login({ username: 'ada', password: 'secret123' });
    expect(last().body).toEqual({ username: 'ada', password: 'secret123' });
    await managementApi.session();
    expect(last()).toMatchObject({ method: 'GET', path: '/login/session' });
    await managementApi.logout();
    expect(last()).toMatchObject({ method: 'POST', path: '/logout' });
  });

  it('manages keys', async () => {
    await managementApi.listKeys({ page: 2, size: 25, key_alias: 'ci', team_id: 't1' });
    expect(last()).toMatchObject({ path: '/key/list', query: { page: '2', size: '25', key_alias: 'ci', team_id: 't1', return_full_object: 'true' } });
    await managementApi.generateKey({ key_alias: 'ci', models: ['mock-gpt'], max_budget: 10, budget_duration: '30d', rpm_limit: 60, tpm_limit: 1000, team_id: 't1', duration: '7d' });
    expect(last()).toMatchObject({ method: 'POST', path: '/key/generate', body: { key_alias: 'ci', models: ['mock-gpt'], max_budget: 10, budget_duration: '30d', rpm_limit: 60, tpm_limit: 1000, team_id: 't1', duration: '7d' } });
    await managementApi.updateKey('hash1', { max_budget: null });
    expect(last()).toMatchObject({ path: '/key/update', body: { key: 'hash1', max_budget: null } });
    await managementApi.deleteKeys(['hash1']);
    expect(last()).toMatchObject({ path: '/key/delete', body: { keys: ['hash1'] } });
    await managementApi.blockKey('hash1');
    expect(last()).toMatchObject({ path: '/key/block', body: { key: 'hash1' } });
    await managementApi.unblockKey('hash1');
    expect(last()).toMatchObject({ path: '/key/unblock', body: { key: 'hash1' } });
    await managementApi.regenerateKey('hash1', '1h');
    expect(last()).toMatchObject({ path: '/key/regenerate', body: { key: 'hash1', grace_period: '1h' } });
    await managementApi.regenerateKey('hash1');
    expect(last().body).toEqual({ key: 'hash1' });
    await managementApi.keyInfo('hash1');
    expect(last()).toMatchObject({ method: 'GET', path: '/key/info', query: { key: 'hash1' } });
  });

  it('manages teams and their members', async () => {
    await managementApi.newTeam({ team_alias: 'Research', models: [] });
    expect(last()).toMatchObject({ path: '/team/new', body: { team_alias: 'Research', models: [] } });
    await managementApi.addTeamMember('t1', { role: 'admin', user_email: 'ada@example.com' });
    expect(last()).toMatchObject({ path: '/team/member_add', body: { team_id: 't1', member: { role: 'admin', user_email: 'ada@example.com' } } });
    await managementApi.removeTeamMember('t1', 'ada');
    expect(last()).toMatchObject({ path: '/team/member_delete', body: { team_id: 't1', user_id: 'ada' } });
    await managementApi.addTeamModels('t1', ['gpt-4o', 'o1']);
    expect(last()).toMatchObject({ path: '/team/model/add', body: { team_id: 't1', models: ['gpt-4o', 'o1'] } });
    await managementApi.removeTeamModels('t1', ['o1']);
    expect(last()).toMatchObject({ path: '/team/model/delete', body: { team_id: 't1', models: ['o1'] } });
    await managementApi.deleteTeams(['t1']);
    expect(last()).toMatchObject({ path: '/team/delete', body: { team_ids: ['t1'] } });
    await managementApi.teamInfo('t1');
    expect(last()).toMatchObject({ path: '/team/info', query: { team_id: 't1' } });
  });

  it('manages users, organizations, budgets, end users and models', async () => {
    await managementApi.newUser({ user_id: 'ada', user_role: 'proxy_admin_viewer', password: 'secret123', auto_create_key: false });
    expect(last()).toMatchObject({ path: '/user/new', body: { user_id: 'ada', user_role: 'proxy_admin_viewer', password: 'secret123', auto_create_key: false } });
    await managementApi.deleteUsers(['ada']);
    expect(last()).toMatchObject({ path: '/user/delete', body: { user_ids: ['ada'] } });
    await managementApi.newOrganization({ organization_alias: 'Acme' });
    expect(last()).toMatchObject({ path: '/organization/new', body: { organization_alias: 'Acme' } });
    await managementApi.deleteOrganizations(['o1']);
    expect(last()).toMatchObject({ path: '/organization/delete', body: { organization_ids: ['o1'] } });
    await managementApi.newBudget({ budget_id: 'free', max_budget: 5 });
    expect(last()).toMatchObject({ path: '/budget/new', body: { budget_id: 'free', max_budget: 5 } });
    await managementApi.newCustomer({ user_id: 'end-1', budget_id: 'free' });
    expect(last()).toMatchObject({ path: '/customer/new', body: { user_id: 'end-1', budget_id: 'free' } });
    await managementApi.newModel({ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o' } });
    expect(last()).toMatchObject({ path: '/model/new', body: { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o' } } });
    await managementApi.updateModel('m1', { model_name: 'gpt-2' });
    expect(last()).toMatchObject({ path: '/model/update', body: { model_id: 'm1', model_name: 'gpt-2' } });
    await managementApi.deleteModel('m1');
    expect(last()).toMatchObject({ path: '/model/delete', body: { id: 'm1' } });
  });

  it('reads spend, usage and the audit log', async () => {
    const range = { start_date: '2025-01-01', end_date: '2025-01-31' };
    await managementApi.spendLogs({ page: 1, size: 50, api_key: 'sk-x', request_id: 'r1' });
    expect(last()).toMatchObject({ path: '/spend/logs/ui', query: { page: '1', page_size: '50', api_key: 'sk-x', request_id: 'r1' } });
    await managementApi.globalSpend(range);
    expect(last()).toMatchObject({ path: '/global/spend', query: range });
    await managementApi.spendReport(range, 'customer');
    expect(last()).toMatchObject({ path: '/spend/report', query: { ...range, group_by: 'customer' } });
    reply = { results: [], metadata: { total_spend: 0, total_tokens: 0, total_api_requests: 0, page: 1, total_pages: 1, has_more: false } };
    await managementApi.dailyActivity('key', { ...range, id: 'hash1' });
    expect(last()).toMatchObject({ path: '/key/daily/activity', query: { ...range, api_key: 'hash1' } });
    await managementApi.dailyActivity('team', { ...range, id: 't1' });
    expect(last()).toMatchObject({ path: '/team/daily/activity', query: { ...range, team_id: 't1' } });
    await managementApi.dailyActivity('user', range);
    expect(last().query).toEqual(range);
    await managementApi.audit({ table_name: 'keys' });
    expect(last()).toMatchObject({ path: '/audit', query: { table_name: 'keys' } });
  });

  it('returns the parsed answer', async () => {
    reply = { keys: [], total_count: 0, current_page: 1, total_pages: 0 };
    expect(await managementApi.listKeys()).toEqual(reply);
  });
});
