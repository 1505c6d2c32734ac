import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();
const HOSTILE = ["x'); drop table keys; --", '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
const MEGABYTE = 'a'.repeat(1024 * 1024);

/** Endpoints and the string fields they take (each gets SQL, HTML and a 1 MB value). */
const STRING_FIELDS: Array<[path: string, base: Record<string, unknown>, fields: string[]]> = [
  ['/key/generate', {}, ['key_alias', 'user_id', 'team_id', 'organization_id', 'budget_id', 'duration', 'budget_duration', 'key']],
  ['/user/new', { auto_create_key: false }, ['user_id', 'user_email', 'user_alias', 'user_role']],
  ['/team/new', {}, ['team_id', 'team_alias', 'organization_id', 'budget_duration']],
  ['/organization/new', { organization_alias: 'o' }, ['organization_id', 'organization_alias']],
  ['/budget/new', {}, ['budget_id', 'budget_duration']],
  ['/customer/new', { user_id: 'c' }, ['user_id', 'alias']],
  ['/model/new', { litellm_params: { model: 'openai/x' } }, ['model_name']],
];

describe.skipIf(!postgres.available)('bad input is refused with a 400 and stores nothing (PostgreSQL)', () => {
  let h: Harness;
  let before = '';
  const counts = async () => JSON.stringify((await h.pool.query("select (select count(*) from keys) k, (select count(*) from users) u, (select count(*) from teams) t, (select count(*) from organizations) o, (select count(*) from budgets) b, (select count(*) from customers) c, (select count(*) from models) m, (select count(*) from audit_log) a, (select count(*) from outbox) x")).rows);
  beforeAll(async () => {
    h = await startHarness();
    before = await counts();
  });
  afterAll(async () => {
    await h?.close();
  });

  const expect400 = async (path: string, body: unknown) => {
    const response = await h.call('POST', path, { body });
    expect(response.status, `${path} ${JSON.stringify(body).slice(0, 120)}`).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.body.error.message.length).toBeGreaterThan(10);
    expect(response.text).not.toContain('<script');
    expect(response.text).not.toContain('<img');
    expect(response.text.length).toBeLessThan(2_000);
    return response.body.error.message as string;
  };

  it('unknown fields are named', async () => {
    expect(await expect400('/key/generate', { key_alias: 'a', team: 'x' })).toContain('unknown field(s) team');
    expect(await expect400('/user/new', { user_id: 'a', role: 'proxy_admin' })).toContain('unknown field(s) role');
    expect(await expect400('/key/generate', { '<script>': 1 })).toContain('(unprintable name)');
    // A query's unknown field is named as the query's, not the body's.
    const query = await h.call('GET', '/key/list?not_a_filter=1');
    expect(query.status).toBe(400);
    expect(query.body.error.message).toBe('Invalid query: query: unknown field(s) not_a_filter');
  });

  it('wrong types, negative budgets, absurd durations', async () => {
    expect(await expect400('/key/generate', { models: 'gpt-4o' })).toContain('models: expected array');
    expect(await expect400('/key/generate', { max_budget: -1 })).toContain('must not be negative');
    expect(await expect400('/key/generate', { max_budget: '1e3' })).toContain('max_budget');
    expect(await expect400('/key/generate', { rpm_limit: 1.5 })).toContain('rpm_limit: expected integer');
    expect(await expect400('/key/generate', { duration: '11000d' })).toContain('at most 10 years');
    expect(await expect400('/key/generate', { duration: '30 days' })).toContain('duration');
    expect(await expect400('/key/generate', { duration: '0s' })).toContain('duration');
    expect(await expect400('/key/generate', { blocked: 'yes' })).toContain('expected boolean');
    expect(await expect400('/key/generate', { key: 'not-sk-prefixed-value-123456' })).toContain('must start with "sk-"');
    expect(await expect400('/team/new', { members_with_roles: [{ role: 'owner', user_id: 'a' }] })).toContain('members_with_roles');
    expect(await expect400('/user/new', { user_role: 'superuser' })).toContain('user_role');
    expect(await expect400('/key/generate', [])).toContain('expected object');
    const notJson = await h.call('POST', '/key/generate', { body: '{"key_alias":' });
    expect(notJson.status).toBe(400);
  });

  it.each(STRING_FIELDS)('%s: SQL, HTML and 1 MB values in every string field', async (path, base, fields) => {
    for (const field of fields) {
      for (const value of HOSTILE) await expect400(path, { ...base, [field]: value, unknown_field_to_force_refusal: true });
      const big = await h.call('POST', path, { body: { ...base, [field]: MEGABYTE } });
      expect([400, 413], `${path} ${field}`).toContain(big.status);
    }
  });

  it('SQL and HTML in free-text fields are stored literally and returned only as JSON', async () => {
    const alias = HOSTILE[0] as string;
    const created = await h.call('POST', '/key/generate', { body: { key_alias: alias, metadata: { note: HOSTILE[1] } } });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    expect(created.body.key_alias).toBe(alias);
    expect((await h.pool.query('select count(*)::int as n from keys')).rows[0].n).toBe(1);
    await h.call('POST', '/key/delete', { body: { key_aliases: [alias] } });
  });

  it('nothing was stored by any refused request', async () => {
    // The literal-storage test above adds one key (deleted), its audit rows and outbox events; drop those from the comparison.
    const after = JSON.parse(await counts())[0];
    const start = JSON.parse(before)[0];
    for (const table of ['u', 't', 'o', 'b', 'c', 'm', 'k']) expect(after[table], table).toBe(start[table]);
    expect(Number(after.a)).toBe(Number(start.a) + 2);
  });
});
