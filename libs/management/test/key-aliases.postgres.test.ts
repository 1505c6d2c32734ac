import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/** LiteLLM's `GET /key/aliases`: the aliases of the keys `/key/list` would show the caller, by the same rule. */
describe.skipIf(!postgres.available)('/key/aliases (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  let serviceKey = '';

  const as = (who: string, path: string) => h.call('GET', path, { key: keys[who] ?? who });

  beforeAll(async () => {
    h = await startHarness();
    for (const id of ['alias-lead', 'alias-dev', 'alias-other']) keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: 'internal_user' } })).body.key;
    await h.call('POST', '/team/new', { body: { team_id: 'alias-team', members_with_roles: [{ role: 'admin', user_id: 'alias-lead' }, { role: 'user', user_id: 'alias-dev' }] } });
    const make = (body: Record<string, unknown>) => h.call('POST', '/key/generate', { body });
    await make({ user_id: 'alias-dev', key_alias: 'Dev-Laptop' });
    await make({ user_id: 'alias-dev', key_alias: 'dev_ci' });
    await make({ user_id: 'alias-dev' });
    await make({ user_id: 'alias-other', key_alias: 'other-prod' });
    await make({ user_id: 'alias-dev', team_id: 'alias-team', key_alias: 'team-batch' });
    serviceKey = (await h.call('POST', '/key/service-account/generate', { body: { team_id: 'alias-team', key_alias: 'team-service' } })).body.key;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists an admin every key's alias once, in code point order, paginated, and filters by team and by a part of the alias in any case", async () => {
    const all = await h.call('GET', '/key/aliases?size=100');
    expect(all.status).toBe(200);
    const aliases = all.body.aliases as string[];
    expect(aliases).toEqual(expect.arrayContaining(['Dev-Laptop', 'dev_ci', 'other-prod', 'team-batch', 'team-service']));
    expect(aliases).toEqual([...aliases].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(aliases).size).toBe(aliases.length);
    expect(all.body).toMatchObject({ total_count: aliases.length, current_page: 1, total_pages: 1 });
    expect((await h.call('GET', '/key/aliases?search=DEV')).body.aliases).toEqual(['Dev-Laptop', 'dev_ci']);
    // `_` and `%` are the alias's own characters, not patterns.
    expect((await h.call('GET', '/key/aliases?search=v_c')).body.aliases).toEqual(['dev_ci']);
    expect((await h.call('GET', '/key/aliases?search=%25')).body.aliases).toEqual([]);
    expect((await h.call('GET', '/key/aliases?team_id=alias-team')).body.aliases).toEqual(['team-batch', 'team-service']);
    const second = await h.call('GET', '/key/aliases?search=dev&size=1&page=2');
    expect(second.body).toEqual({ aliases: ['dev_ci'], total_count: 2, current_page: 2, total_pages: 2 });
  });

  it("shows anyone else only what /key/list would: their own keys', a team's as its admin, nobody else's", async () => {
    expect((await as('alias-dev', '/key/aliases')).body.aliases).toEqual(['Dev-Laptop', 'dev_ci', 'team-batch']);
    expect((await as('alias-other', '/key/aliases')).body.aliases).toEqual(['other-prod']);
    expect((await as('alias-lead', '/key/aliases?team_id=alias-team')).body.aliases).toEqual(['team-batch', 'team-service']);
    // A plain member needs the team's grant; someone outside the team gets nothing.
    expect((await as('alias-dev', '/key/aliases?team_id=alias-team')).status).toBe(401);
    expect((await as('alias-other', '/key/aliases?team_id=alias-team')).status).toBe(403);
    // A key without a user (a team's service account) sees its own alias only.
    expect((await as(serviceKey, '/key/aliases')).body).toEqual({ aliases: ['team-service'], total_count: 1, current_page: 1, total_pages: 1 });
    expect((await as(serviceKey, '/key/aliases?search=batch')).body.aliases).toEqual([]);
  });

  it('refuses an unknown query field, a bad page and a missing key', async () => {
    expect((await h.call('GET', '/key/aliases?key_alias=x')).status).toBe(400);
    expect((await h.call('GET', '/key/aliases?page=0')).status).toBe(400);
    expect((await h.call('GET', '/key/aliases', { key: 'sk-wrong' })).status).toBe(401);
  });
});
