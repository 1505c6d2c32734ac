import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { scopeOf, type Action, type UserRole } from '@switchboard/permissions';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/**
 * Every management route with the action the matrix governs it by and a request that passes validation, so
 * a refusal can only come from authorization. A route mounted without a row here fails the walk.
 */
const ROUTES: ReadonlyArray<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; action: Action; body?: unknown }> = [
  { method: 'POST', path: '/key/generate', action: 'key:create', body: {} },
  { method: 'POST', path: '/key/service-account/generate', action: 'key:create', body: { team_id: 'walk-team' } },
  { method: 'POST', path: '/key/bulk_update', action: 'key:update', body: { keys: [{ key: 'sk-target-key-0123456789', tags: ['x'] }] } },
  { method: 'POST', path: '/key/update', action: 'key:update', body: { key: 'sk-target-key-0123456789', max_budget: 1 } },
  { method: 'POST', path: '/key/delete', action: 'key:delete', body: { keys: ['sk-target-key-0123456789'] } },
  { method: 'POST', path: '/key/regenerate', action: 'key:regenerate', body: { key: 'sk-target-key-0123456789' } },
  { method: 'POST', path: '/key/sk-target-key-0123456789/regenerate', action: 'key:regenerate', body: {} },
  { method: 'POST', path: '/key/sk-target-key-0123456789/reset_spend', action: 'key:reset_spend', body: { reset_to: 0 } },
  { method: 'POST', path: '/key/block', action: 'key:block', body: { key: 'sk-target-key-0123456789' } },
  { method: 'POST', path: '/key/unblock', action: 'key:block', body: { key: 'sk-target-key-0123456789' } },
  { method: 'GET', path: '/key/info?key=sk-target-key-0123456789', action: 'key:read' },
  { method: 'GET', path: '/v2/key/info?key=sk-target-key-0123456789', action: 'key:read' },
  { method: 'GET', path: '/key/list?user_id=target', action: 'key:read' },
  { method: 'GET', path: '/key/aliases?team_id=walk-team', action: 'key:read' },
  { method: 'POST', path: '/key/health', action: 'key:read' },
  { method: 'POST', path: '/user/new', action: 'user:create', body: { user_id: 'walk-new' } },
  { method: 'POST', path: '/user/update', action: 'user:update', body: { user_id: 'target', user_alias: 'x' } },
  { method: 'POST', path: '/user/bulk_update', action: 'user:update', body: { users: [{ user_id: 'target', user_alias: 'x' }] } },
  { method: 'POST', path: '/user/delete', action: 'user:delete', body: { user_ids: ['target'] } },
  { method: 'GET', path: '/user/info?user_id=target', action: 'user:read' },
  { method: 'GET', path: '/user/list', action: 'user:list' },
  { method: 'GET', path: '/user/available_roles', action: 'user:read' },
  { method: 'POST', path: '/team/new', action: 'team:create', body: { team_alias: 'walk' } },
  { method: 'POST', path: '/team/update', action: 'team:update', body: { team_id: 'walk-team', max_budget: 1 } },
  { method: 'POST', path: '/team/delete', action: 'team:delete', body: { team_ids: ['walk-team'] } },
  { method: 'POST', path: '/team/block', action: 'team:block', body: { team_id: 'walk-team' } },
  { method: 'POST', path: '/team/unblock', action: 'team:block', body: { team_id: 'walk-team' } },
  { method: 'POST', path: '/team/member_add', action: 'team:members', body: { team_id: 'walk-team', member: { user_id: 'target' } } },
  { method: 'POST', path: '/team/bulk_member_add', action: 'team:members', body: { team_id: 'walk-team', members: [{ user_id: 'target' }] } },
  { method: 'POST', path: '/team/member_update', action: 'team:members', body: { team_id: 'walk-team', user_id: 'target', role: 'admin' } },
  { method: 'POST', path: '/team/member_delete', action: 'team:members', body: { team_id: 'walk-team', user_id: 'target' } },
  { method: 'POST', path: '/team/model/add', action: 'team:models', body: { team_id: 'walk-team', models: ['gpt-4o'] } },
  { method: 'GET', path: '/team/permissions_list?team_id=walk-team', action: 'team:read' },
  { method: 'POST', path: '/team/permissions_update', action: 'team:members', body: { team_id: 'walk-team', team_member_permissions: ['/key/info'] } },
  { method: 'POST', path: '/team/permissions_bulk_update', action: 'team:members', body: { permissions: ['/key/info'], team_ids: ['walk-team'] } },
  { method: 'POST', path: '/team/model/delete', action: 'team:models', body: { team_id: 'walk-team', models: ['gpt-4o'] } },
  { method: 'POST', path: '/team/walk-team/callback', action: 'team:logging', body: { callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'pk', langfuse_secret_key: 'sk' } } },
  { method: 'GET', path: '/team/walk-team/callback', action: 'team:read' },
  { method: 'GET', path: '/team/info?team_id=walk-team', action: 'team:read' },
  { method: 'GET', path: '/team/list', action: 'team:read' },
  { method: 'GET', path: '/v2/team/list', action: 'team:read' },
  { method: 'POST', path: '/organization/new', action: 'organization:write', body: { organization_alias: 'walk' } },
  { method: 'POST', path: '/organization/update', action: 'organization:write', body: { organization_id: 'walk-org', max_budget: 1 } },
  { method: 'POST', path: '/organization/delete', action: 'organization:write', body: { organization_ids: ['walk-org'] } },
  { method: 'DELETE', path: '/organization/delete', action: 'organization:write', body: { organization_ids: ['walk-org'] } },
  { method: 'POST', path: '/organization/member_add', action: 'organization:write', body: { organization_id: 'walk-org', member: { user_id: 'target', role: 'internal_user' } } },
  { method: 'PATCH', path: '/organization/member_update', action: 'organization:write', body: { organization_id: 'walk-org', user_id: 'target', role: 'org_admin' } },
  { method: 'DELETE', path: '/organization/member_delete', action: 'organization:write', body: { organization_id: 'walk-org', user_id: 'target' } },
  { method: 'GET', path: '/organization/info?organization_id=walk-org', action: 'organization:read' },
  { method: 'GET', path: '/organization/list', action: 'organization:read' },
  { method: 'POST', path: '/budget/new', action: 'budget:write', body: { max_budget: 1 } },
  { method: 'POST', path: '/budget/update', action: 'budget:write', body: { budget_id: 'walk-budget', max_budget: 2 } },
  { method: 'POST', path: '/budget/delete', action: 'budget:write', body: { id: 'walk-budget' } },
  { method: 'POST', path: '/budget/info', action: 'budget:read', body: { budgets: ['walk-budget'] } },
  { method: 'GET', path: '/budget/list', action: 'budget:read' },
  { method: 'POST', path: '/customer/new', action: 'customer:write', body: { user_id: 'walk-customer' } },
  { method: 'POST', path: '/end_user/new', action: 'customer:write', body: { user_id: 'walk-customer' } },
  { method: 'POST', path: '/customer/update', action: 'customer:write', body: { user_id: 'walk-customer', alias: 'x' } },
  { method: 'POST', path: '/end_user/update', action: 'customer:write', body: { user_id: 'walk-customer', alias: 'x' } },
  { method: 'POST', path: '/customer/delete', action: 'customer:write', body: { user_ids: ['walk-customer'] } },
  { method: 'POST', path: '/end_user/delete', action: 'customer:write', body: { user_ids: ['walk-customer'] } },
  { method: 'POST', path: '/customer/block', action: 'customer:write', body: { user_ids: ['walk-customer'] } },
  { method: 'POST', path: '/end_user/block', action: 'customer:write', body: { user_ids: ['walk-customer'] } },
  { method: 'POST', path: '/customer/unblock', action: 'customer:write', body: { user_ids: ['walk-customer'] } },
  { method: 'POST', path: '/end_user/unblock', action: 'customer:write', body: { user_ids: ['walk-customer'] } },
  { method: 'GET', path: '/customer/info?end_user_id=walk-customer', action: 'customer:read' },
  { method: 'GET', path: '/end_user/info?end_user_id=walk-customer', action: 'customer:read' },
  { method: 'GET', path: '/customer/list', action: 'customer:read' },
  { method: 'GET', path: '/end_user/list', action: 'customer:read' },
  { method: 'POST', path: '/model/new', action: 'model:write', body: { model_name: 'walk', litellm_params: { model: 'openai/gpt-4o' } } },
  { method: 'POST', path: '/model/update', action: 'model:write', body: { model_id: 'walk-model', model_name: 'walk2' } },
  { method: 'PATCH', path: '/model/walk-model/update', action: 'model:write', body: { model_name: 'walk2' } },
  { method: 'POST', path: '/model/delete', action: 'model:write', body: { id: 'walk-model' } },
  { method: 'GET', path: '/model/info', action: 'model:read' },
  { method: 'GET', path: '/v1/model/info', action: 'model:read' },
  { method: 'GET', path: '/v2/model/info', action: 'model:read' },
  { method: 'GET', path: '/model_group/info', action: 'model:read' },
  { method: 'POST', path: '/credentials', action: 'credential:write', body: { credential_name: 'walk-cred', credential_values: { api_key: 'k' } } },
  { method: 'PATCH', path: '/credentials/walk-cred', action: 'credential:write', body: { credential_values: { api_version: 'v' } } },
  { method: 'DELETE', path: '/credentials/walk-cred', action: 'credential:write' },
  { method: 'GET', path: '/credentials', action: 'credential:read' },
  { method: 'GET', path: '/credentials/by_name/walk-cred', action: 'credential:read' },
  { method: 'GET', path: '/credentials/by_model/walk-model', action: 'credential:read' },
  { method: 'POST', path: '/tag/new', action: 'tag:write', body: { name: 'walk-tag' } },
  { method: 'POST', path: '/tag/update', action: 'tag:write', body: { name: 'walk-tag', description: 'd' } },
  { method: 'POST', path: '/tag/delete', action: 'tag:write', body: { name: 'walk-tag' } },
  { method: 'POST', path: '/tag/info', action: 'tag:read', body: { names: ['walk-tag'] } },
  { method: 'GET', path: '/tag/list', action: 'tag:read' },
  { method: 'GET', path: '/tag/daily/activity?start_date=2025-01-01&end_date=2025-01-31', action: 'tag:read' },
  { method: 'GET', path: '/spend/logs?user_id=target', action: 'spend:read' },
  { method: 'GET', path: '/spend/logs/ui?user_id=target', action: 'spend:read' },
  { method: 'GET', path: '/spend/logs/v2?user_id=target', action: 'spend:read' },
  { method: 'GET', path: '/user/daily/activity?user_id=target&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/user/daily/activity/aggregated?user_id=target&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/team/daily/activity?team_id=walk-team&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/team/daily/activity/aggregated?team_id=walk-team&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/organization/daily/activity?organization_id=walk-org&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/organization/daily/activity/aggregated?organization_id=walk-org&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/customer/daily/activity?end_user_ids=walk-customer&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'POST', path: '/global/spend/reset', action: 'spend:reset' },
  { method: 'GET', path: '/customer/daily/activity/aggregated?end_user_ids=walk-customer&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/end_user/daily/activity?end_user_ids=walk-customer&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/end_user/daily/activity/aggregated?end_user_ids=walk-customer&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/key/daily/activity?api_key=sk-target-key-0123456789&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/key/daily/activity/aggregated?api_key=sk-target-key-0123456789&start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/global/spend', action: 'spend:global' },
  { method: 'GET', path: '/global/spend/report?start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/global/spend/teams', action: 'spend:global' },
  { method: 'GET', path: '/global/spend/keys', action: 'spend:global' },
  { method: 'GET', path: '/global/spend/models', action: 'spend:global' },
  { method: 'GET', path: '/global/spend/logs', action: 'spend:global' },
  { method: 'GET', path: '/global/activity?start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/global/activity/model?start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/global/activity/cache_hits?start_date=2025-01-01&end_date=2025-01-31', action: 'spend:read' },
  { method: 'GET', path: '/global/spend/provider?start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'POST', path: '/global/spend/end_users', action: 'spend:global', body: {} },
  { method: 'GET', path: '/global/all_end_users', action: 'spend:global' },
  { method: 'GET', path: '/spend/keys', action: 'spend:global' },
  { method: 'GET', path: '/spend/users', action: 'spend:global' },
  { method: 'GET', path: '/spend/tags', action: 'spend:global' },
  { method: 'GET', path: '/global/spend/tags?start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/global/spend/all_tag_names', action: 'spend:global' },
  { method: 'GET', path: '/spend/report?start_date=2025-01-01&end_date=2025-01-31', action: 'spend:global' },
  { method: 'GET', path: '/audit', action: 'audit:read' },
  { method: 'GET', path: '/get/config/callbacks', action: 'config:read' },
  { method: 'POST', path: '/config/update', action: 'config:write', body: { router_settings: { num_retries: 1 } } },
];

const ROLES: readonly UserRole[] = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'];
const TABLES = ['users', 'keys', 'deleted_keys', 'teams', 'team_memberships', 'organizations', 'organization_memberships', 'budgets', 'customers', 'models', 'credentials', 'tags'];

describe.skipIf(!postgres.available)('the permission matrix, walked over HTTP (PostgreSQL)', () => {
  let h: Harness;
  const keys: Partial<Record<UserRole, string>> = {};
  const routeLimitedKeys: Partial<Record<UserRole, string>> = {};
  const cookies: Partial<Record<UserRole, string>> = {};
  let origin = '';

  /** A digest of every row that a management call could change: equal before and after means nothing changed. */
  async function snapshot(): Promise<string> {
    const digest = createHash('sha256');
    for (const table of TABLES) digest.update(JSON.stringify((await h.pool.query(`select * from ${table} order by 1`)).rows));
    return digest.digest('hex');
  }

  beforeAll(async () => {
    h = await startHarness();
    await h.call('POST', '/user/new', { body: { user_id: 'target', user_role: 'internal_user', auto_create_key: false } });
    await h.call('POST', '/key/generate', { body: { user_id: 'target', key: 'sk-target-key-0123456789' } });
    await h.call('POST', '/team/new', { body: { team_id: 'walk-team', members_with_roles: [{ role: 'user', user_id: 'target' }] } });
    await h.call('POST', '/organization/new', { body: { organization_id: 'walk-org', organization_alias: 'walk' } });
    origin = `http://${new URL(h.base).host}`;
    for (const role of ROLES) {
      const id = `walker-${role}`;
      keys[role] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role, password: `password-of-${role}` } })).body.key;
      routeLimitedKeys[role] = (await h.call('POST', '/key/generate', { body: { user_id: id, allowed_routes: ['/v1/chat/completions', 'llm_api_routes'] } })).body.key;
      const login = await fetch(`${h.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: id, password: `password-of-${role}` }) });
      cookies[role] = (login.headers.get('set-cookie') as string).split(';')[0];
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = (route: (typeof ROUTES)[number], credential: { key?: string; cookie?: string }) =>
    h.call(route.method, route.path, {
      key: credential.key ?? '',
      ...(route.body !== undefined ? { body: route.body } : {}),
      ...(credential.cookie ? { headers: { cookie: credential.cookie, origin, 'x-switchboard-csrf': '1' } } : {}),
    });

  it('has a row for every route the backend mounts', async () => {
    const document = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).length).toBeGreaterThan(40);
    // Routes with a path parameter are walked on the walk's own objects (`/team/walk-team/...`).
    const walked = new Set(ROUTES.map((route) => (route.path.split('?')[0] as string).replace('/team/walk-team/', '/team/:team_id/').replace('/key/sk-target-key-0123456789/', '/key/:key/').replace('/model/walk-model/', '/model/:model_id/').replace('/credentials/by_name/walk-cred', '/credentials/by_name/:credential_name').replace('/credentials/by_model/walk-model', '/credentials/by_model/:model_id').replace('/credentials/walk-cred', '/credentials/:credential_name')));
    // The login routes (password, and the OIDC redirect and callback, tested in sso-login.postgres.test.ts) need no role.
    const session = new Set(['/login', '/logout', '/login/session', '/openapi.json', '/health', '/health/liveliness', '/health/readiness', '/routes', '/sso/key/generate', '/sso/callback']);
    // SCIM answers its own token and the master key, never a role: scim.postgres.test.ts walks those routes.
    const missing = Object.keys(document.paths).filter((path) => !walked.has(path) && !session.has(path) && !path.startsWith('/health') && !path.startsWith('/scim/'));
    expect(missing).toEqual([]);
  });

  for (const role of ROLES) {
    it(`${role}: every action its role has none of is refused with 403, by key and by cookie, and changes nothing`, async () => {
      const refused = ROUTES.filter((candidate) => scopeOf(role, candidate.action) === 'none');
      expect(refused.length).toBe(role === 'proxy_admin' ? 0 : refused.length || Number.NaN);
      for (const route of refused) {
        for (const credential of [{ key: keys[role] }, { cookie: cookies[role] }]) {
          const before = await snapshot();
          const response = await send(route, credential);
          expect({ route: route.path, via: credential.key ? 'key' : 'cookie', status: response.status }).toEqual({ route: route.path, via: credential.key ? 'key' : 'cookie', status: 403 });
          expect(await snapshot()).toBe(before);
        }
      }
    });

    it(`${role}: a key limited to model routes is no management credential on any route`, async () => {
      for (const route of ROUTES) {
        const before = await snapshot();
        const response = await send(route, { key: routeLimitedKeys[role] });
        expect({ route: route.path, status: response.status, code: response.body?.error?.code }).toEqual({ route: route.path, status: 403, code: 'route_not_allowed' });
        expect(await snapshot()).toBe(before);
      }
    });
  }
});
