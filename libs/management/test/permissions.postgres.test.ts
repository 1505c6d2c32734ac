import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

describe.skipIf(!postgres.available)('roles over HTTP (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  let teamId = '';
  beforeAll(async () => {
    h = await startHarness();
    for (const [id, role] of [['admin', 'proxy_admin'], ['auditor', 'proxy_admin_viewer'], ['dev', 'internal_user'], ['other', 'internal_user'], ['reader', 'internal_user_viewer'], ['lead', 'internal_user']] as const) {
      const created = await h.call('POST', '/user/new', { body: { user_id: id, user_role: role, models: ['gpt-4o', 'o1'], max_budget: 10, rpm_limit: 100 } });
      keys[id] = created.body.key;
    }
    teamId = (await h.call('POST', '/team/new', { body: { team_alias: 't', members_with_roles: [{ role: 'admin', user_id: 'lead' }, { role: 'user', user_id: 'dev' }] } })).body.team_id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const status = async (who: string, method: string, path: string, body?: unknown) => (await h.call(method, path, { key: keys[who], body })).status;

  it('proxy_admin (by its key) can do admin work', async () => {
    expect(await status('admin', 'POST', '/budget/new', { max_budget: 1 })).toBe(200);
    expect(await status('admin', 'GET', '/audit')).toBe(200);
    expect(await status('admin', 'GET', '/key/list?user_id=dev')).toBe(200);
  });

  it('proxy_admin_viewer reads everything and writes nothing', async () => {
    expect(await status('auditor', 'GET', '/user/list')).toBe(200);
    expect(await status('auditor', 'GET', '/key/list?user_id=dev')).toBe(200);
    expect(await status('auditor', 'GET', '/audit')).toBe(200);
    expect(await status('auditor', 'GET', '/global/spend')).toBe(200);
    expect(await status('auditor', 'POST', '/key/generate', {})).toBe(403);
    expect(await status('auditor', 'POST', '/user/new', { user_id: 'x' })).toBe(403);
    expect(await status('auditor', 'POST', '/team/new', {})).toBe(403);
  });

  it('internal_user creates keys only for itself, never stronger than itself', async () => {
    const own = await h.call('POST', '/key/generate', { key: keys.dev, body: {} });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ user_id: 'dev', models: ['gpt-4o', 'o1'], max_budget: 10, rpm_limit: 100 });
    expect(await status('dev', 'POST', '/key/generate', { models: ['gpt-4o', 'claude'] })).toBe(403);
    expect(await status('dev', 'POST', '/key/generate', { max_budget: 11 })).toBe(403);
    expect(await status('dev', 'POST', '/key/generate', { rpm_limit: 101 })).toBe(403);
    expect(await status('dev', 'POST', '/key/generate', { user_id: 'other' })).toBe(403);
    expect(await status('dev', 'POST', '/key/generate', { organization_id: 'x' })).toBe(403);
    // A key made with a narrower key is bounded by that key too.
    const narrow = (await h.call('POST', '/key/generate', { key: keys.dev, body: { models: ['o1'], allowed_routes: ['/v1/chat/completions'] } })).body.key;
    expect(await status('dev', 'POST', '/key/generate', { models: ['o1'], allowed_routes: ['/v1/chat/completions'] })).toBe(200);
    expect((await h.call('POST', '/key/generate', { key: narrow, body: { models: ['gpt-4o'] } })).status).toBe(403);
    expect((await h.call('POST', '/key/generate', { key: narrow, body: { allowed_routes: ['/key/generate'] } })).status).toBe(403);
    expect(await status('dev', 'POST', '/key/update', { key: own.body.token, max_budget: 50 })).toBe(403);
    expect(await status('dev', 'POST', '/key/update', { key: own.body.token, max_budget: 5 })).toBe(200);
    expect(await status('dev', 'POST', '/key/block', { key: own.body.token })).toBe(403);
  });

  it("internal_user never reads or changes another user's keys, spend or teams, nor its own role", async () => {
    const others = (await h.call('GET', '/key/list?user_id=other&return_full_object=true', { key: keys.admin })).body.keys;
    expect(await status('dev', 'GET', '/key/list?user_id=other')).toBe(403);
    expect(await status('dev', 'GET', `/key/info?key=${others[0].token}`)).toBe(403);
    expect(await status('dev', 'POST', '/key/delete', { keys: [others[0].token] })).toBe(403);
    expect(await status('dev', 'POST', '/key/update', { key: others[0].token, max_budget: 1 })).toBe(403);
    expect(await status('dev', 'GET', '/user/info?user_id=other')).toBe(403);
    expect(await status('dev', 'GET', '/spend/logs?user_id=other')).toBe(403);
    expect(await status('dev', 'GET', '/user/daily/activity?user_id=other&start_date=2025-01-01&end_date=2025-01-31')).toBe(403);
    expect(await status('other', 'GET', `/team/info?team_id=${teamId}`)).toBe(403);
    expect(await status('dev', 'POST', '/user/update', { user_id: 'dev', user_role: 'proxy_admin' })).toBe(403);
    expect(await status('dev', 'POST', '/user/update', { user_id: 'dev', max_budget: 1000 })).toBe(403);
    expect(await status('dev', 'POST', '/user/update', { user_id: 'other', user_alias: 'x' })).toBe(403);
    expect(await status('dev', 'POST', '/user/update', { user_id: 'dev', user_alias: 'Dev' })).toBe(200);
    expect(await status('dev', 'GET', '/user/info')).toBe(200);
    expect(await status('dev', 'GET', '/key/list')).toBe(200);
    expect(await status('dev', 'GET', `/team/info?team_id=${teamId}`)).toBe(200);
    expect(await status('dev', 'GET', '/audit')).toBe(403);
    expect(await status('dev', 'GET', '/global/spend')).toBe(403);
    expect(await status('dev', 'POST', '/team/member_add', { team_id: teamId, member: { user_id: 'other' } })).toBe(403);
  });

  it("team admins manage their team's members and keys", async () => {
    expect(await status('lead', 'POST', '/team/member_add', { team_id: teamId, member: { role: 'user', user_id: 'other' } })).toBe(200);
    expect(await status('lead', 'POST', '/team/member_delete', { team_id: teamId, user_id: 'other' })).toBe(200);
    const devTeamKey = await h.call('POST', '/key/generate', { key: keys.lead, body: { team_id: teamId, user_id: 'dev' } });
    expect(devTeamKey.status).toBe(200);
    expect(await status('lead', 'GET', `/key/list?team_id=${teamId}`)).toBe(200);
    // include_team_keys: the lead's own keys and the keys of the teams it is an admin of; a plain member gets no more.
    const leadSees = (await h.call('GET', '/key/list?include_team_keys=true&size=100', { key: keys.lead })).body.keys;
    expect(leadSees).toContain(devTeamKey.body.token);
    expect((await h.call('GET', '/key/list?size=100', { key: keys.lead })).body.keys).not.toContain(devTeamKey.body.token);
    expect((await h.call('GET', '/key/list?include_team_keys=true&size=100', { key: keys.dev })).body.keys).toEqual((await h.call('GET', '/key/list?size=100', { key: keys.dev })).body.keys);
    // A plain member lists the team's keys, or makes them, only when the team grants it: LiteLLM's 401.
    expect(await status('dev', 'GET', `/key/list?team_id=${teamId}`)).toBe(401);
    expect(await status('lead', 'POST', '/key/delete', { keys: [devTeamKey.body.token] })).toBe(200);
    expect(await status('lead', 'POST', '/team/update', { team_id: teamId, max_budget: 1 })).toBe(403);
    expect(await status('dev', 'POST', '/key/generate', { team_id: teamId, user_id: 'lead' })).toBe(401);
    expect(await status('lead', 'POST', '/team/permissions_update', { team_id: teamId, team_member_permissions: ['/key/generate', '/key/list'] })).toBe(200);
    expect(await status('dev', 'GET', `/key/list?team_id=${teamId}`)).toBe(200);
    // The grant lets a member make its own team keys, never keys in another member's name.
    expect(await status('dev', 'POST', '/key/generate', { team_id: teamId, user_id: 'lead' })).toBe(403);
    expect(await status('lead', 'POST', '/team/permissions_update', { team_id: teamId, team_member_permissions: [] })).toBe(200);
  });

  it('internal_user_viewer reads its own things only', async () => {
    expect(await status('reader', 'GET', '/key/list')).toBe(200);
    expect(await status('reader', 'GET', '/user/info')).toBe(200);
    expect(await status('reader', 'GET', '/model/info')).toBe(200);
    expect(await status('reader', 'POST', '/key/generate', {})).toBe(403);
    expect(await status('reader', 'POST', '/user/update', { user_id: 'reader', user_alias: 'r' })).toBe(403);
    expect(await status('reader', 'GET', '/user/list')).toBe(403);
  });

  it('no credentials or a bad key get 401; a key without a user lists only itself and may change nothing', async () => {
    expect((await h.call('GET', '/key/list', { key: '' })).status).toBe(401);
    expect((await h.call('GET', '/key/list', { key: 'sk-nope-nope-nope-nope' })).status).toBe(401);
    const orphan = await h.call('POST', '/key/generate', { body: {} });
    const listed = await h.call('GET', '/key/list?return_full_object=true', { key: orphan.body.key });
    expect(listed.status).toBe(200);
    expect(listed.body.keys.map((key: { token: string }) => key.token)).toEqual([orphan.body.token]);
    expect((await h.call('GET', '/team/list', { key: orphan.body.key })).body).toEqual([]);
    expect((await h.call('POST', '/key/generate', { key: orphan.body.key, body: {} })).status).toBe(403);
  });

  it('dashboard login: password and master key, HttpOnly SameSite=Strict cookie, CSRF on changes, logout', async () => {
    await h.call('POST', '/user/update', { body: { user_id: 'dev', password: 'dev-password-1' } });
    expect((await h.call('POST', '/login', { key: '', body: { username: 'dev', password: 'wrong-password' } })).status).toBe(401);
    const login = await fetch(`${h.base}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=dev&password=dev-password-1' });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') as string;
    expect(cookie).toMatch(/^switchboard_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const token = cookie.split(';')[0] as string;
    const stored = await h.pool.query('select token_hash from sessions');
    expect(JSON.stringify(stored.rows)).not.toContain(token.split('=')[1]);
    const session = await h.call('GET', '/login/session', { key: '', headers: { cookie: token } });
    expect(session.body).toEqual({ user_id: 'dev', user_role: 'internal_user', via: 'session' });
    const host = new URL(h.base).host;
    expect((await h.call('POST', '/key/generate', { key: '', body: {}, headers: { cookie: token } })).status).toBe(403);
    expect((await h.call('POST', '/key/generate', { key: '', body: {}, headers: { cookie: token, origin: 'https://evil.example', 'x-switchboard-csrf': '1' } })).status).toBe(403);
    expect((await h.call('POST', '/key/generate', { key: '', body: {}, headers: { cookie: token, origin: `http://${host}`, 'x-switchboard-csrf': '1' } })).status).toBe(200);
    expect((await h.call('POST', '/logout', { key: '', headers: { cookie: token, origin: `http://${host}`, 'x-switchboard-csrf': '1' } })).status).toBe(200);
    expect((await h.call('GET', '/login/session', { key: '', headers: { cookie: token } })).status).toBe(401);
    const master = await h.call('POST', '/login', { key: '', body: { master_key: 'sk-master-test-0123456789abcdef' } });
    expect(master.body).toMatchObject({ user_role: 'proxy_admin' });
    // A random id nobody can name without reading it, the same one at every master-key login.
    expect(master.body.user_id).toMatch(/^default_user_id-[A-Za-z0-9_-]{22}$/);
    expect((await h.call('POST', '/login', { key: '', body: { master_key: 'sk-master-test-0123456789abcdef' } })).body.user_id).toBe(master.body.user_id);
  });
});

describe.skipIf(!postgres.available)('login throttling (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses an account with 429 after ten failed logins, without trying the password again', async () => {
    const attempt = (password: string) => h.call('POST', '/login', { key: '', body: { username: 'mallory', password } });
    for (let i = 0; i < 10; i++) expect((await attempt(`guess-${i}`)).status).toBe(401);
    const throttled = await attempt('guess-10');
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('login_throttled');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await h.call('POST', '/login', { key: '', body: { username: 'someone-else', password: 'x' } })).status).toBe(401);
  });
});
