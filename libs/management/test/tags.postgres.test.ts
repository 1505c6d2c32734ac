import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSpendBatch, requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/** LiteLLM's tag management (`/tag/*`): managed tags, the deployments that serve them, and their budgets. */
describe.skipIf(!postgres.available)('managed tags (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  let modelId = '';
  const tagsOf = async (id: string) => ((await h.call('GET', `/model/info?litellm_model_id=${id}`)).body.data[0]?.litellm_params.tags ?? []) as string[];

  beforeAll(async () => {
    h = await startHarness();
    for (const [id, role] of [['viewer', 'proxy_admin_viewer'], ['user', 'internal_user']] as const) keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role } })).body.key;
    modelId = (await h.call('POST', '/model/new', { body: { model_name: 'tagged-model', litellm_params: { model: 'openai/gpt-4o', api_key: 'sk-model-secret', tags: ['existing'] } } })).body.model_id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("creates a tag in LiteLLM's shape, with a budget row and the tag added to the deployments it names", async () => {
    const created = await h.call('POST', '/tag/new', { body: { name: 'prod', description: 'production traffic', models: [modelId], max_budget: 10, rpm_limit: 100, budget_duration: '30d' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ message: 'Tag prod created successfully', tag: { name: 'prod', description: 'production traffic', models: [modelId], model_info: { [modelId]: 'tagged-model' }, created_by: expect.any(String) } });
    expect(await tagsOf(modelId)).toEqual(['existing', 'prod']);
    const info = await h.call('POST', '/tag/info', { body: { names: ['prod'] } });
    expect(info.body.prod).toMatchObject({ name: 'prod', spend: 0, litellm_budget_table: { max_budget: 10, rpm_limit: 100, budget_duration: '30d' } });
    expect((await h.call('POST', '/tag/new', { body: { name: 'prod' } })).body.error).toMatchObject({ param: 'name' });
    // The stored credential of the model it changed is kept, not shown.
    expect(JSON.stringify((await h.call('GET', `/model/info?litellm_model_id=${modelId}`)).body)).not.toContain('sk-model-secret');
  });

  it('refuses what it cannot do, naming the field', async () => {
    const bad = async (path: string, body: unknown) => {
      const answer = await h.call('POST', path, { body });
      return { status: answer.status, param: answer.body.error?.param };
    };
    expect(await bad('/tag/new', { name: 'x', models: ['no-such-model'] })).toEqual({ status: 400, param: 'models' });
    // The harness's config-file deployment (cfg-1, gpt-4o): its tags are the file's.
    expect(await bad('/tag/new', { name: 'x', models: ['gpt-4o'] })).toEqual({ status: 400, param: 'models' });
    expect(await bad('/tag/new', { name: 'x', budget_id: 'no-such-budget' })).toEqual({ status: 400, param: 'budget_id' });
    expect(await bad('/tag/new', { name: 'x', budget_id: 'b', max_budget: 1 })).toEqual({ status: 400, param: 'budget_id' });
    expect(await bad('/tag/update', { name: 'nope' })).toEqual({ status: 404, param: 'name' });
    expect(await bad('/tag/update', { name: 'prod', spend: 0 })).toEqual({ status: 400, param: 'spend' });
    // Another budget by id with budget fields would write them to that budget, which others may share.
    const shared = (await h.call('POST', '/budget/new', { body: { max_budget: 5 } })).body.budget_id as string;
    expect(await bad('/tag/update', { name: 'prod', budget_id: shared, max_budget: 1 })).toEqual({ status: 400, param: 'budget_id' });
    expect((await h.call('POST', '/budget/info', { body: { budgets: [shared] } })).body[0]).toMatchObject({ max_budget: 5 });
    expect(await bad('/tag/info', { names: ['prod', 'nope'] })).toEqual({ status: 404, param: 'names' });
    expect(await bad('/tag/new', { name: 'x', unknown_field: 1 })).toMatchObject({ status: 400 });
  });

  it('updates: null clears the description, models replace the list (the tag comes off what it no longer names), budget fields change its row', async () => {
    const other = (await h.call('POST', '/model/new', { body: { model_name: 'other-model', litellm_params: { model: 'openai/gpt-4o-mini' } } })).body.model_id as string;
    const updated = await h.call('POST', '/tag/update', { body: { name: 'prod', description: null, models: ['other-model'], max_budget: 20 } });
    expect(updated.body.tag).toMatchObject({ description: null, models: ['other-model'], litellm_budget_table: { max_budget: 20, rpm_limit: 100 } });
    expect(await tagsOf(modelId)).toEqual(['existing']);
    expect(await tagsOf(other)).toEqual(['prod']);
  });

  it('lists managed tags and the tags calls carried; a non-admin sees the tags of its own calls only', async () => {
    const now = new Date();
    await insertSpendBatch(h.db, [
      { requestId: randomUUID(), startTime: now, endTime: now, userId: 'user', model: 'gpt-4o', spend: '0.5', status: 'success', metadata: { request_tags: ['prod', 'adhoc'] } },
      { requestId: randomUUID(), startTime: now, endTime: now, userId: 'someone-else', model: 'gpt-4o', spend: '1', status: 'success', metadata: { request_tags: ['secret-project'] } },
    ]);
    const all = await h.call('GET', '/tag/list');
    expect(all.body.map((tag: { name: string }) => tag.name).sort()).toEqual(['adhoc', 'prod', 'secret-project']);
    expect(all.body.find((tag: { name: string }) => tag.name === 'adhoc')).toMatchObject({ models: null, spend: 0.5 });
    expect(all.body.find((tag: { name: string }) => tag.name === 'prod')).toMatchObject({ spend: 0.5 });
    const own = await h.call('GET', '/tag/list', { key: keys.user });
    expect(own.body.map((tag: { name: string }) => tag.name).sort()).toEqual(['adhoc', 'prod']);
    expect((await h.call('POST', '/tag/info', { body: { names: ['prod'] } })).body.prod.spend).toBe(0.5);
    expect((await h.call('GET', '/tag/list?start_date=2025-01-01')).status).toBe(400);
  });

  it("/tag/daily/activity: each day's spend by tag and model, in LiteLLM's paginated shape; a non-admin's own calls only", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const range = `start_date=${today}&end_date=${today}`;
    const all = await h.call('GET', `/tag/daily/activity?${range}`);
    expect(all.status).toBe(200);
    expect(all.body.results).toHaveLength(1);
    const day = all.body.results[0];
    expect(day.date).toBe(today);
    expect(Object.keys(day.breakdown.entities).sort()).toEqual(['adhoc', 'prod', 'secret-project']);
    expect(day.breakdown.entities.prod.metrics).toMatchObject({ spend: 0.5, api_requests: 1, successful_requests: 1 });
    expect(day.breakdown.models['gpt-4o'].metrics.api_requests).toBe(3);
    expect(all.body.metadata).toMatchObject({ total_spend: 2, total_api_requests: 3, page: 1, total_pages: 1, has_more: false });
    const one = await h.call('GET', `/tag/daily/activity?${range}&tags=secret-project`);
    expect(Object.keys(one.body.results[0].breakdown.entities)).toEqual(['secret-project']);
    const own = await h.call('GET', `/tag/daily/activity?${range}`, { key: keys.user });
    expect(Object.keys(own.body.results[0].breakdown.entities).sort()).toEqual(['adhoc', 'prod']);
    expect((await h.call('GET', '/tag/daily/activity')).status).toBe(400);
    expect((await h.call('GET', `/tag/daily/activity?start_date=2020-01-01&end_date=${today}`)).status).toBe(400);
  });

  it('is written by admins only; info is for admins and admin viewers', async () => {
    expect((await h.call('POST', '/tag/new', { key: keys.viewer, body: { name: 'v' } })).status).toBe(403);
    expect((await h.call('POST', '/tag/new', { key: keys.user, body: { name: 'u' } })).status).toBe(403);
    expect((await h.call('POST', '/tag/info', { key: keys.viewer, body: { names: ['prod'] } })).status).toBe(200);
    expect((await h.call('POST', '/tag/info', { key: keys.user, body: { names: ['prod'] } })).status).toBe(403);
    expect((await h.call('POST', '/tag/delete', { key: keys.user, body: { name: 'prod' } })).status).toBe(403);
  });

  it("keeps a limited tag on a key: its owner may add tags and drop others, only an admin takes a limited one off", async () => {
    await h.call('POST', '/tag/new', { body: { name: 'capped', max_budget: 1 } });
    const key = (await h.call('POST', '/key/generate', { body: { user_id: 'user', tags: ['capped', 'free'] } })).body.key as string;
    const update = (body: Record<string, unknown>, as = keys.user) => h.call('POST', '/key/update', { key: as, body: { key, ...body } });
    expect((await update({ tags: ['capped'] })).status).toBe(200);
    expect((await update({ tags: ['capped', 'extra'] })).status).toBe(200);
    const dropped = await update({ tags: [] });
    expect({ status: dropped.status, message: dropped.body.error?.message }).toEqual({ status: 403, message: expect.stringContaining('Tag capped holds this key') });
    // null is no change for a list (LiteLLM's rule): the tags stay.
    expect((await update({ tags: null })).status).toBe(200);
    // The same tag kept in the key's metadata instead is the key's too.
    expect((await update({ tags: [], metadata: { tags: ['capped'] } })).status).toBe(200);
    expect((await update({ metadata: {} })).status).toBe(403);
    expect((await h.call('POST', '/key/update', { body: { key, metadata: {} } })).status).toBe(200);
  });

  it('deletes a tag: it comes off its deployments, and its budget row stays', async () => {
    const budgetId = (await h.call('POST', '/tag/info', { body: { names: ['prod'] } })).body.prod.litellm_budget_table.budget_id as string;
    expect((await h.call('POST', '/tag/delete', { body: { name: 'prod' } })).body).toEqual({ message: 'Tag prod deleted successfully' });
    expect((await h.call('POST', '/tag/info', { body: { names: ['prod'] } })).status).toBe(404);
    expect((await h.call('POST', '/budget/info', { body: { budgets: [budgetId] } })).status).toBe(200);
    const other = (await h.call('GET', '/model/info?model=other-model')).body.data[0];
    expect(other.litellm_params.tags ?? []).toEqual([]);
    expect((await h.call('POST', '/tag/delete', { body: { name: 'prod' } })).status).toBe(404);
  });
});
