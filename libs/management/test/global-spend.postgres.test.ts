import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSpendBatch, requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const chartLabel = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(8, 10)}`;

/** LiteLLM's global spend and activity views, as its dashboards and scripts read them. */
describe.skipIf(!postgres.available)("LiteLLM's global spend views (PostgreSQL)", () => {
  let h: Harness;
  const KEY_A = 'sk-global-alpha-0123456789';
  const KEY_B = 'sk-global-beta-0123456789';
  const KEY_C = 'sk-global-other-0123456789';
  // Yesterday and the day before, at 10:00 UTC: inside every "last 30 days"; a row 40 days ago is outside.
  const noon = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 10);
  const d1 = new Date(noon - DAY_MS);
  const d2 = new Date(noon - 2 * DAY_MS);
  const old = new Date(noon - 40 * DAY_MS);

  beforeAll(async () => {
    h = await startHarness();
    for (const user of ['spender', 'other']) await h.call('POST', '/user/new', { body: { user_id: user, user_role: 'internal_user', auto_create_key: false } });
    await h.call('POST', '/key/generate', { body: { user_id: 'spender', key: KEY_A, key_alias: 'alpha' } });
    await h.call('POST', '/key/generate', { body: { user_id: 'spender', key: KEY_B } });
    await h.call('POST', '/key/generate', { body: { user_id: 'other', key: KEY_C } });
    const row = (n: number, at: Date, key: string, userId: string, fields: { spend: string } & Record<string, unknown>) => ({
      requestId: id(n),
      startTime: at,
      endTime: new Date(at.getTime() + 1000),
      keyHash: sha256(key),
      userId,
      status: 'success' as const,
      metadata: {},
      model: 'gpt-4o',
      provider: 'openai',
      ...fields,
    });
    await insertSpendBatch(h.db, [
      row(1, d1, KEY_A, 'spender', { spend: '0.5', endUser: 'cust-1', promptTokens: 60, completionTokens: 40, totalTokens: 100, metadata: { request_tags: ['prod', 'team-x'] } }),
      row(2, d2, KEY_B, 'spender', { model: 'claude', provider: 'anthropic', spend: '0.25', endUser: 'cust-2', promptTokens: 30, completionTokens: 20, totalTokens: 50, metadata: { request_tags: ['prod'] } }),
      row(3, d1, KEY_C, 'other', { spend: '2', endUser: 'cust-1', teamId: 'team-g', promptTokens: 200, completionTokens: 100, totalTokens: 300, metadata: { request_tags: 'not a list' } }),
      row(4, d1, KEY_A, 'spender', { spend: '0.1', status: 'failure' }),
      row(5, old, KEY_C, 'other', { spend: '5', endUser: 'cust-old', totalTokens: 10 }),
    ]);
  });
  afterAll(async () => {
    await h?.close();
  });

  const get = async (path: string, key?: string) => {
    const answer = await h.call('GET', path, key === undefined ? {} : { key });
    expect(answer.status, `${path}: ${answer.text}`).toBe(200);
    return answer.body;
  };

  it('/global/spend/keys: the last 30 days per key, biggest first, with alias and name; limit takes the top', async () => {
    const keys = await get('/global/spend/keys');
    expect(keys.map((row: { api_key: string; total_spend: number }) => [row.api_key, Number(row.total_spend.toFixed(6))])).toEqual([
      [sha256(KEY_C), 2],
      [sha256(KEY_A), 0.6],
      [sha256(KEY_B), 0.25],
    ]);
    expect(keys[1]).toMatchObject({ key_alias: 'alpha', team_id: '' });
    expect(keys[1].key_name).toMatch(/^sk-\.\.\./);
    expect(JSON.stringify(keys)).not.toContain(KEY_A);
    expect((await get('/global/spend/keys?limit=1')).map((row: { api_key: string }) => row.api_key)).toEqual([sha256(KEY_C)]);
    for (const bad of ['limit=0', 'limit=x', 'other=1']) expect((await h.call('GET', `/global/spend/keys?${bad}`)).status, bad).toBe(400);
  });

  it('/global/spend/keys, /models, /logs and /provider are proxy-wide: admins only, as LiteLLM\'s route checks have them', async () => {
    for (const path of ['/global/spend/keys', '/global/spend/models', '/global/spend/logs', `/global/spend/logs?api_key=${KEY_A}`, `/global/spend/provider?start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`]) {
      expect((await h.call('GET', path, { key: KEY_A })).status, path).toBe(403);
    }
  });

  it('/global/spend/models and /global/spend/logs: everyone\'s for an admin, one key\'s with api_key', async () => {
    const models = await get('/global/spend/models?limit=1');
    expect(models).toEqual([{ model: 'gpt-4o', total_spend: expect.closeTo(2.6, 6), total_tokens: 400 }]);
    const days = await get('/global/spend/logs');
    expect(days.map((row: { date: string; spend: number }) => [row.date, Number(row.spend.toFixed(6))])).toEqual([
      [dayOf(d2), 0.25],
      [dayOf(d1), 2.6],
    ]);
    expect(await get(`/global/spend/logs?api_key=${KEY_A}`)).toEqual([{ date: dayOf(d1), spend: expect.closeTo(0.6, 6), api_key: sha256(KEY_A) }]);
  });

  it('/global/activity and /global/activity/model: requests and tokens per day in date order, labelled as LiteLLM labels them', async () => {
    const activity = await get(`/global/activity?start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`);
    expect(activity).toEqual({
      daily_data: [
        { date: chartLabel(dayOf(d2)), api_requests: 1, total_tokens: 50 },
        { date: chartLabel(dayOf(d1)), api_requests: 3, total_tokens: 400 },
      ],
      sum_api_requests: 4,
      sum_total_tokens: 450,
    });
    const byModel = await get(`/global/activity/model?start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`);
    expect(byModel.map((row: { model: string; sum_api_requests: number }) => [row.model, row.sum_api_requests])).toEqual([
      ['gpt-4o', 3],
      ['claude', 1],
    ]);
    expect(byModel[0].daily_data).toEqual([{ date: chartLabel(dayOf(d1)), api_requests: 3, total_tokens: 400, model_group: 'gpt-4o' }]);
    expect((await get(`/global/activity?start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`, KEY_A)).sum_api_requests).toBe(3);
    expect((await h.call('GET', '/global/activity')).status).toBe(400);
    // A day that does not exist is refused with 400, not rolled over (Date.parse takes 2026-02-30 as March 2nd).
    for (const path of ['/global/activity?start_date=2026-02-30&end_date=2026-03-01', '/user/daily/activity?start_date=2025-04-31&end_date=2025-05-01', '/global/spend/report?start_date=2025-13-01&end_date=2025-12-01']) {
      const answer = await h.call('GET', path);
      expect({ path, status: answer.status, type: answer.body.error?.type }).toEqual({ path, status: 400, type: 'invalid_request_error' });
    }
  });

  it('/global/activity/cache_hits: cache hits per key alias, call type and model (a non-admin\'s own)', async () => {
    // Its own user, keys and day (100 days ago), so the other views' totals stay as they are.
    const KEY_D = 'sk-global-cacher-0123456789';
    const KEY_E = 'sk-global-cacher-e-0123456789';
    await h.call('POST', '/user/new', { body: { user_id: 'cacher', user_role: 'internal_user', auto_create_key: false } });
    await h.call('POST', '/key/generate', { body: { user_id: 'cacher', key: KEY_D, key_alias: 'delta' } });
    await h.call('POST', '/key/generate', { body: { user_id: 'cacher', key: KEY_E } });
    const at = new Date(noon - 100 * DAY_MS);
    const base = { startTime: at, endTime: new Date(at.getTime() + 1000), userId: 'cacher', status: 'success' as const, metadata: {}, model: 'gpt-4o', provider: 'openai', callType: 'acompletion', promptTokens: 60, completionTokens: 40, totalTokens: 100 };
    await insertSpendBatch(h.db, [
      { ...base, requestId: id(11), keyHash: sha256(KEY_D), spend: '0', cacheHit: true },
      { ...base, requestId: id(12), keyHash: sha256(KEY_D), spend: '0.1' },
      { ...base, requestId: id(13), keyHash: sha256(KEY_E), spend: '0.1', callType: 'aembedding' },
    ]);
    const range = `start_date=${dayOf(at)}&end_date=${dayOf(at)}`;
    expect(await get(`/global/activity/cache_hits?${range}`)).toEqual(
      expect.arrayContaining([
        { api_key: 'delta', call_type: 'acompletion', model: 'gpt-4o', total_rows: 2, cache_hit_true_rows: 1, cached_completion_tokens: 40, generated_completion_tokens: 40 },
        // Keys without an alias are "Unnamed Key" together, as LiteLLM groups them.
        { api_key: 'Unnamed Key', call_type: 'aembedding', model: 'gpt-4o', total_rows: 1, cache_hit_true_rows: 0, cached_completion_tokens: 0, generated_completion_tokens: 40 },
      ]),
    );
    // Another user sees only its own keys' rows (none that day); the owner sees its own.
    expect(await get(`/global/activity/cache_hits?${range}`, KEY_A)).toEqual([]);
    expect((await get(`/global/activity/cache_hits?${range}`, KEY_D)).length).toBe(2);
    expect((await h.call('GET', '/global/activity/cache_hits')).status).toBe(400);
  });

  it('/global/spend/provider: spend per provider between two dates (both required)', async () => {
    const range = `start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`;
    const providers = await get(`/global/spend/provider?${range}`);
    expect(providers.map((row: { provider: string; spend: number }) => [row.provider, Number(row.spend.toFixed(6))])).toEqual([
      ['openai', 2.6],
      ['anthropic', 0.25],
    ]);
    expect((await h.call('GET', `/global/spend/provider?start_date=${dayOf(d2)}`)).status).toBe(400);
    // The views that read the logs themselves take a window of at most 366 days, in order.
    for (const bad of ['start_date=2020-01-01&end_date=2026-01-01', `start_date=${dayOf(d1)}&end_date=${dayOf(d2)}`]) {
      const answer = await h.call('GET', `/global/spend/provider?${bad}`);
      expect({ bad, status: answer.status, param: answer.body.error?.param }).toEqual({ bad, status: 400, param: 'end_date' });
    }
    expect((await h.call('GET', '/global/spend/provider?start_date=2025-01-01&end_date=2026-01-01')).status).toBe(200);
    expect((await h.call('POST', '/global/spend/end_users', { body: { startTime: '2000-01-01' } })).status).toBe(400);
    expect((await h.call('GET', '/spend/tags?start_date=2000-01-01&end_date=2026-01-01')).status).toBe(400);
  });

  it('/global/spend/end_users and /global/all_end_users: end users by spend (a window, a key), admins only', async () => {
    const all = await h.call('POST', '/global/spend/end_users', {});
    expect(all.status, all.text).toBe(200);
    expect(all.body).toEqual([
      { end_user: 'cust-1', total_count: 2, total_spend: expect.closeTo(2.5, 6) },
      { end_user: 'cust-2', total_count: 1, total_spend: expect.closeTo(0.25, 6) },
    ]);
    const ofKey = await h.call('POST', '/global/spend/end_users', { body: { api_key: KEY_A, startTime: null } });
    expect(ofKey.body).toEqual([{ end_user: 'cust-1', total_count: 1, total_spend: expect.closeTo(0.5, 6) }]);
    const window = await h.call('POST', '/global/spend/end_users', { body: { startTime: new Date(old.getTime() - DAY_MS).toISOString(), endTime: dayOf(new Date(old.getTime() + DAY_MS)) } });
    expect(window.body).toEqual([{ end_user: 'cust-old', total_count: 1, total_spend: expect.closeTo(5, 6) }]);
    expect((await h.call('POST', '/global/spend/end_users', { body: { startTime: 'yesterday' } })).status).toBe(400);
    expect((await h.call('POST', '/global/spend/end_users', { body: {}, key: KEY_A })).status).toBe(403);
    expect((await get('/global/all_end_users')).end_users.sort()).toEqual(['cust-1', 'cust-2', 'cust-old']);
    expect((await h.call('GET', '/global/all_end_users', { key: KEY_A })).status).toBe(403);
  });

  it('/spend/keys and /spend/users list every key (hashes only) and user to admins; a user by id', async () => {
    const keys = await get('/spend/keys');
    expect(keys.map((key: { token: string }) => key.token)).toEqual(expect.arrayContaining([sha256(KEY_A), sha256(KEY_B), sha256(KEY_C)]));
    expect(JSON.stringify(keys)).not.toMatch(/sk-global-(alpha|beta|other)-0123456789/);
    const users = await get('/spend/users');
    expect(users.map((user: { user_id: string }) => user.user_id)).toEqual(expect.arrayContaining(['spender', 'other']));
    expect(JSON.stringify(users)).not.toMatch(/password/i);
    expect(await get('/spend/users?user_id=spender')).toEqual([expect.objectContaining({ user_id: 'spender', user_role: 'internal_user' })]);
    expect(await get('/spend/users?user_id=nobody')).toEqual([]);
    for (const path of ['/spend/keys', '/spend/users']) expect((await h.call('GET', path, { key: KEY_A })).status, path).toBe(403);
  });

  it("/global/spend/report: LiteLLM's per-key report for a key or an internal user, and a team's spend on one customer", async () => {
    const range = `start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`;
    expect(await get(`/global/spend/report?${range}&api_key=${KEY_A}`)).toEqual([
      {
        api_key: sha256(KEY_A),
        total_cost: expect.closeTo(0.6, 6),
        total_input_tokens: 60,
        total_output_tokens: 40,
        model_details: [{ model: 'gpt-4o', total_cost: expect.closeTo(0.6, 6), total_input_tokens: 60, total_output_tokens: 40 }],
      },
    ]);
    const ofUser = await get(`/global/spend/report?${range}&internal_user_id=spender`);
    expect(ofUser.map((row: { api_key: string; total_cost: number }) => [row.api_key, Number(row.total_cost.toFixed(6))])).toEqual([
      [sha256(KEY_A), 0.6],
      [sha256(KEY_B), 0.25],
    ]);
    expect(await get(`/global/spend/report?${range}&team_id=team-g&customer_id=cust-1`)).toEqual([
      {
        group_by_day: dayOf(d1),
        teams_customers: [{ team_name: 'team-g', customer: 'cust-1', total_spend: 2, metadata: [{ model: 'gpt-4o', api_key: sha256(KEY_C), spend: 2, total_tokens: 300 }] }],
      },
    ]);
    // The reports that read the logs themselves take a window of at most 366 days; the one from the daily totals any.
    expect((await h.call('GET', '/global/spend/report?start_date=2000-01-01&end_date=2026-01-01&internal_user_id=spender')).status).toBe(400);
    expect((await h.call('GET', '/global/spend/report?start_date=2000-01-01&end_date=2026-01-01&team_id=team-g&customer_id=cust-1')).status).toBe(400);
    expect((await h.call('GET', `/global/spend/report?start_date=2000-01-01&end_date=2026-01-01&api_key=${KEY_A}`)).status).toBe(200);
    // A team alone narrows nothing (LiteLLM's order): the report by team.
    expect((await get(`/global/spend/report?${range}&team_id=team-g`)).every((day: { teams?: unknown }) => Array.isArray(day.teams))).toBe(true);
    expect((await h.call('GET', `/global/spend/report?${range}&api_key=${KEY_A}`, { key: KEY_A })).status).toBe(403);
  });

  it("/spend/tags, /global/spend/tags and /global/spend/all_tag_names: spend per request tag (a row counts for each of its tags), admins only", async () => {
    expect(await get('/spend/tags')).toEqual([
      { individual_request_tag: 'prod', log_count: 2, total_spend: expect.closeTo(0.75, 6) },
      { individual_request_tag: 'team-x', log_count: 1, total_spend: expect.closeTo(0.5, 6) },
    ]);
    expect(await get(`/spend/tags?start_date=${dayOf(d1)}&end_date=${dayOf(d1)}`)).toEqual([
      { individual_request_tag: 'prod', log_count: 1, total_spend: expect.closeTo(0.5, 6) },
      { individual_request_tag: 'team-x', log_count: 1, total_spend: expect.closeTo(0.5, 6) },
    ]);
    const range = `start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`;
    expect(await get(`/global/spend/tags?${range}&tags=team-x`)).toEqual({ spend_per_tag: [{ name: 'team-x', spend: 0.5, log_count: 1 }] });
    expect((await get(`/global/spend/tags?${range}&tags=all-tags`)).spend_per_tag.map((tag: { name: string }) => tag.name)).toEqual(['prod', 'team-x']);
    expect(await get('/global/spend/all_tag_names')).toEqual({ tag_names: ['prod', 'team-x'] });
    // The dashboard's breakdown by tag: /spend/report's rows, from the logs.
    const report = await get(`/spend/report?${range}&group_by=tag`);
    expect(report).toEqual({
      group_by: 'tag',
      data: [
        { group: 'prod', spend: expect.closeTo(0.75, 6), requests: 2, successes: 2, failures: 0, prompt_tokens: 90, completion_tokens: 60, total_tokens: 150 },
        { group: 'team-x', spend: expect.closeTo(0.5, 6), requests: 1, successes: 1, failures: 0, prompt_tokens: 60, completion_tokens: 40, total_tokens: 100 },
      ],
    });
    expect((await h.call('GET', '/spend/report?start_date=2020-01-01&end_date=2026-01-01&group_by=tag')).status).toBe(400);
    expect((await h.call('GET', '/global/spend/tags')).status).toBe(400);
    for (const path of ['/spend/tags', `/global/spend/tags?${range}`, '/global/spend/all_tag_names']) expect((await h.call('GET', path, { key: KEY_A })).status, path).toBe(403);
    const logs = await get(`/spend/logs?request_id=${id(1)}`);
    expect(logs[0].request_tags).toEqual(['prod', 'team-x']);
    expect((await get(`/spend/logs?request_id=${id(3)}`))[0].request_tags).toEqual([]);
  });

  it("daily activity: a user's broken down by key (LiteLLM's api_keys, with each key's alias), narrowed to one key by api_key, and every day at once in the aggregated form", async () => {
    const range = `start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`;
    const activity = await get(`/user/daily/activity?user_id=spender&${range}`);
    expect(activity.results.map((day: { date: string }) => day.date)).toEqual([dayOf(d2), dayOf(d1)]);
    const [first, second] = activity.results;
    expect(Object.keys(first.breakdown.api_keys)).toEqual([sha256(KEY_B)]);
    expect(second.breakdown.api_keys[sha256(KEY_A)]).toEqual({ metrics: expect.objectContaining({ spend: expect.closeTo(0.6, 6), api_requests: 2, failed_requests: 1 }), metadata: { key_alias: 'alpha', team_id: null } });
    // The aggregated form: every day on one page (LiteLLM's /aggregated); here narrowed to one key, read by its owner.
    const ofKey = await get(`/user/daily/activity/aggregated?${range}&api_key=${KEY_A}&page_size=1`, KEY_A);
    expect(ofKey.metadata).toMatchObject({ total_spend: expect.closeTo(0.6, 6), page: 1, total_pages: 1, has_more: false });
    expect(ofKey.results.map((day: { date: string; breakdown: { api_keys: Record<string, unknown> } }) => [day.date, Object.keys(day.breakdown.api_keys)])).toEqual([[dayOf(d1), [sha256(KEY_A)]]]);
    // Another user's key narrows a user's activity to nothing; a non-admin cannot name it at all.
    expect((await get(`/user/daily/activity?user_id=spender&${range}&api_key=${KEY_C}`)).results).toEqual([]);
    expect((await h.call('GET', `/user/daily/activity?${range}&api_key=${KEY_C}`, { key: KEY_A })).status).toBe(403);
    const paged = await get(`/user/daily/activity?user_id=spender&${range}&page_size=1`);
    expect(paged.metadata).toMatchObject({ total_pages: 2, has_more: true });
  });

  it("daily activity takes LiteLLM's lists (team_ids, end_user_ids) and their exclusions; end users' is admins'", async () => {
    const range = `start_date=${dayOf(d2)}&end_date=${dayOf(d1)}`;
    const customers = await get(`/customer/daily/activity?${range}&end_user_ids=cust-1,cust-2`);
    expect(customers.metadata.total_spend).toBeCloseTo(2.75, 6);
    expect(Object.keys(customers.results.at(-1).breakdown.entities)).toEqual(['cust-1']);
    expect((await get(`/end_user/daily/activity/aggregated?${range}&end_user_ids=cust-1,cust-2&exclude_end_user_ids=cust-2`)).metadata.total_spend).toBeCloseTo(2.5, 6);
    expect((await h.call('GET', `/customer/daily/activity?${range}&end_user_ids=cust-1`, { key: KEY_A })).status).toBe(403);
    expect((await get(`/team/daily/activity?${range}&team_ids=team-g`)).metadata.total_spend).toBeCloseTo(2, 6);
    expect((await get(`/team/daily/activity?${range}&team_ids=team-g&exclude_team_ids=team-g`)).results).toEqual([]);
    // A non-admin names only teams it belongs to, in either form.
    expect((await h.call('GET', `/team/daily/activity?${range}&team_ids=team-g`, { key: KEY_A })).status).toBe(403);
  });
});
