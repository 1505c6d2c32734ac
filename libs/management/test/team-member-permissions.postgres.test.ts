import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/**
 * LiteLLM's team member permissions (`team_member_permissions`, `/team/permissions_*`): what a team's plain
 * members may do to the team's keys. Reading is the baseline; every change needs the team's grant; the grant
 * never lifts the caller's own role or the team's bounds.
 */
describe.skipIf(!postgres.available)('team member permissions (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  const team = 'perm-team';
  let teamKey = '';

  const as = (who: string, method: string, path: string, body?: unknown) => h.call(method, path, { key: keys[who] ?? who, ...(body !== undefined ? { body } : {}) });
  const grant = (team_member_permissions: string[]) => as('lead', 'POST', '/team/permissions_update', { team_id: team, team_member_permissions });

  beforeAll(async () => {
    h = await startHarness();
    for (const [id, role] of [['lead', 'internal_user'], ['dev', 'internal_user'], ['viewer', 'internal_user_viewer'], ['outsider', 'internal_user']] as const) {
      keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role } })).body.key;
    }
    await h.call('POST', '/team/new', { body: { team_id: team, models: ['gpt-4o'], members_with_roles: [{ role: 'admin', user_id: 'lead' }, { role: 'user', user_id: 'dev' }, { role: 'user', user_id: 'viewer' }] } });
    teamKey = (await h.call('POST', '/key/generate', { body: { team_id: team } })).body.key;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets a member read the team keys by default and refuses every change with 401 team_member_permission_error', async () => {
    expect((await as('dev', 'GET', `/team/permissions_list?team_id=${team}`)).body).toEqual({ team_id: team, team_member_permissions: ['/key/info', '/key/health'], all_available_permissions: ['/key/generate', '/key/service-account/generate', '/key/update', '/key/delete', '/key/regenerate', '/key/info', '/key/list', '/key/aliases', '/key/health'] });
    expect((await as('dev', 'GET', `/key/info?key=${teamKey}`)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/key/generate', { team_id: team }],
      ['POST', '/key/update', { key: teamKey, metadata: { updated: true } }],
      ['POST', '/key/delete', { keys: [teamKey] }],
      ['POST', '/key/regenerate', { key: teamKey }],
      ['GET', `/key/list?team_id=${team}`, undefined],
      ['GET', `/key/aliases?team_id=${team}`, undefined],
    ] as const) {
      const refused = await as('dev', method, path, body);
      expect({ path, status: refused.status, type: refused.body.error?.type, param: refused.body.error?.param }).toEqual({ path, status: 401, type: 'team_member_permission_error', param: path.split('?')[0] });
    }
    // Someone outside the team gets nothing of it, not even reading.
    expect((await as('outsider', 'GET', `/key/info?key=${teamKey}`)).status).toBe(403);
    expect((await as('outsider', 'GET', `/team/permissions_list?team_id=${team}`)).status).toBe(403);
  });

  it("acts on the team's grant, within the team's bounds, and only the team's admins and proxy admins change it", async () => {
    expect((await as('dev', 'POST', '/team/permissions_update', { team_id: team, team_member_permissions: ['/key/update'] })).status).toBe(403);
    expect((await grant(['/key/update', '/key/delete'])).body.team_member_permissions).toEqual(['/key/update', '/key/delete']);
    expect((await as('dev', 'POST', '/key/update', { key: teamKey, metadata: { updated: true } })).status).toBe(200);
    // Naming the key's own team again is no change; moving it to another team is an admin's.
    expect((await as('dev', 'POST', '/key/update', { key: teamKey, team_id: team, metadata: { updated: 2 } })).status).toBe(200);
    expect((await as('dev', 'POST', '/key/update', { key: teamKey, team_id: 'ATTACKER_TEAM_ID' })).status).toBe(403);
    // The grant is the team admin's own power, no more: the key stays within the team's models.
    expect((await as('dev', 'POST', '/key/update', { key: teamKey, models: ['claude'] })).status).toBe(403);
    expect((await as('dev', 'POST', '/key/generate', { team_id: team })).status).toBe(401);
    expect((await as('dev', 'POST', '/key/regenerate', { key: teamKey })).status).toBe(401);

    expect((await grant(['/key/generate'])).status).toBe(200);
    const made = await as('dev', 'POST', '/key/generate', { team_id: team });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ team_id: team, user_id: 'dev' });
    // The new list replaced the old one: updating is no longer granted, not even on the key the member made.
    expect((await as('dev', 'POST', '/key/update', { key: made.body.key, metadata: { x: 1 } })).status).toBe(401);
    // A role that may not manage keys gains nothing from the team's grant.
    expect((await as('viewer', 'POST', '/key/generate', { team_id: team })).status).toBe(403);
    // It shows on the team, and an empty list leaves the baseline.
    expect((await h.call('GET', `/team/info?team_id=${team}`)).body.team_info.team_member_permissions).toEqual(['/key/generate']);
    expect((await grant([])).status).toBe(200);
    expect((await as('dev', 'GET', `/team/permissions_list?team_id=${team}`)).body.team_member_permissions).toEqual(['/key/info', '/key/health']);
  });

  it('refuses a permission it does not know, and a team that does not exist', async () => {
    const unknown = await grant(['/key/block']);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('must be one of');
    expect((await h.call('POST', '/team/new', { body: { team_member_permissions: ['/team/delete'] } })).status).toBe(400);
    expect((await h.call('POST', '/team/permissions_update', { body: { team_id: 'no-such-team', team_member_permissions: [] } })).status).toBe(404);
    expect((await h.call('GET', '/team/permissions_list?team_id=no-such-team')).status).toBe(404);
    // /team/new and /team/update take the field too (admins only).
    const made = await h.call('POST', '/team/new', { body: { team_member_permissions: ['/key/list'] } });
    expect(made.body.team_member_permissions).toEqual(['/key/list']);
    expect((await h.call('POST', '/team/update', { body: { team_id: made.body.team_id, team_member_permissions: ['/key/info'] } })).body.team_member_permissions).toEqual(['/key/info']);
  });

  it("appends permissions to many teams at once (LiteLLM's /team/permissions_bulk_update), for proxy admins only", async () => {
    await h.call('POST', '/team/new', { body: { team_id: 'perm-bulk-a', team_member_permissions: ['/key/list'] } });
    await h.call('POST', '/team/new', { body: { team_id: 'perm-bulk-b' } });
    expect((await as('lead', 'POST', '/team/permissions_bulk_update', { permissions: ['/key/generate'], team_ids: [team] })).status).toBe(403);
    const named = await h.call('POST', '/team/permissions_bulk_update', { body: { permissions: ['/key/generate', '/key/list'], team_ids: ['perm-bulk-a', 'perm-bulk-b'] } });
    expect(named.body).toEqual({ message: 'Team permissions updated successfully', teams_updated: 2, permissions_appended: ['/key/generate', '/key/list'] });
    const listed = async (id: string) => (await h.call('GET', `/team/permissions_list?team_id=${id}`)).body.team_member_permissions as string[];
    expect(await listed('perm-bulk-a')).toEqual(expect.arrayContaining(['/key/generate', '/key/list', '/key/info', '/key/health']));
    // Nothing to add: not counted.
    expect((await h.call('POST', '/team/permissions_bulk_update', { body: { permissions: ['/key/list'], team_ids: ['perm-bulk-a'] } })).body.teams_updated).toBe(0);
    const all = await h.call('POST', '/team/permissions_bulk_update', { body: { permissions: ['/key/regenerate'], apply_to_all_teams: true } });
    expect(all.body.teams_updated).toBeGreaterThanOrEqual(3);
    expect(await listed(team)).toContain('/key/regenerate');
    expect((await h.call('POST', '/team/permissions_bulk_update', { body: { permissions: [] } })).body).toEqual({ message: 'No permissions provided', teams_updated: 0, permissions_appended: [] });
    for (const body of [{ permissions: ['/key/list'] }, { permissions: ['/key/list'], team_ids: ['perm-bulk-a'], apply_to_all_teams: true }, { permissions: ['/team/delete'], team_ids: ['perm-bulk-a'] }]) {
      expect((await h.call('POST', '/team/permissions_bulk_update', { body })).status).toBe(400);
    }
    const missing = await h.call('POST', '/team/permissions_bulk_update', { body: { permissions: ['/key/list'], team_ids: ['perm-bulk-a', 'no-such-team'] } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Team(s) not found: no-such-team');
  });
});
