import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();
const names = (body: { data: { model_name?: string; model_group?: string }[] }) => body.data.map((row) => row.model_name ?? row.model_group).sort();

/** Issue 18: wildcard deployments and model access groups on the management API, as the gateway reads them. */
describe.skipIf(!postgres.available)('wildcards and access groups on the management API (PostgreSQL)', () => {
  let h: Harness;
  const keys = {} as Record<'beta' | 'haiku' | 'pair' | 'single', string>;
  const userKey = async (userId: string, models: string[]) => (await h.call('POST', '/user/new', { body: { user_id: userId, user_role: 'internal_user', models } })).body.key as string;

  beforeAll(async () => {
    h = await startHarness();
    for (const body of [
      { model_name: 'beta-a', litellm_params: { model: 'openai/a', api_key: 'sk-a' }, model_info: { access_groups: ['beta'] } },
      { model_name: 'beta-b', litellm_params: { model: 'openai/b', api_key: 'sk-b' }, model_info: { access_groups: ['beta'] } },
      { model_name: 'anthropic/*', litellm_params: { model: 'anthropic/*', api_key: 'sk-c' }, model_info: { access_groups: ['claude-all'] } },
    ]) {
      expect((await h.call('POST', '/model/new', { body })).status).toBe(200);
    }
    keys.beta = await userKey('beta-user', ['beta']);
    keys.haiku = await userKey('haiku-user', ['anthropic/claude-3-5-haiku-latest']);
    keys.pair = await userKey('pair-user', ['beta-a', 'beta-b']);
    keys.single = await userKey('single-user', ['beta-a']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses deployments the gateway could not load, with 400 naming the problem', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ model_name: 'acme/*', litellm_params: { model: 'acme/*' } }, 'unknown provider "acme"'],
      [{ model_name: 'all-openai', litellm_params: { model: 'openai/*' } }, 'its model_name has none'],
      [{ model_name: 'x', litellm_params: { model: 'openai/x' }, model_info: { access_groups: 'beta' } }, 'access_groups must be a list'],
      [{ model_name: 'x', litellm_params: { model: 'openai/x' }, model_info: { access_groups: [''] } }, 'access_groups must be a list'],
      [{ model_name: 'x', litellm_params: { model: 'openai/x' }, model_info: { access_groups: ['gpt-4o'] } }, 'access group "gpt-4o" is also a model_name'],
      [{ model_name: 'beta', litellm_params: { model: 'openai/x' } }, 'model_name "beta" is already an access group'],
    ];
    for (const [body, message] of cases) {
      const res = await h.call('POST', '/model/new', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
  });

  it("shows on /model/info and /model_group/info only what the caller's lists allow, access groups and wildcards included", async () => {
    expect(names((await h.call('GET', '/model/info', { key: keys.beta })).body)).toEqual(['beta-a', 'beta-b']);
    expect(names((await h.call('GET', '/model_group/info', { key: keys.beta })).body)).toEqual(['beta-a', 'beta-b']);
    // A name a wildcard serves shows the wildcard deployment, and that one name among its groups.
    expect(names((await h.call('GET', '/model/info', { key: keys.haiku })).body)).toEqual(['anthropic/*']);
    // /model_group/info lists what a wildcard serves instead of the pattern itself, as LiteLLM expands it.
    expect(names((await h.call('GET', '/model_group/info', { key: keys.haiku })).body)).toEqual(['anthropic/claude-3-5-haiku-latest']);
    // An admin sees the wildcard's models from the price table.
    const all = names((await h.call('GET', '/model_group/info')).body);
    expect(all).toEqual(expect.arrayContaining(['anthropic/claude-3-5-haiku-latest', 'beta-a', 'beta-b', 'gpt-4o']));
    expect(all).not.toContain('anthropic/*');
    const haiku = (await h.call('GET', '/model_group/info?model_group=anthropic/claude-3-5-haiku-latest')).body.data;
    expect(haiku).toEqual([{ model_group: 'anthropic/claude-3-5-haiku-latest', providers: ['anthropic'], deployments: 1 }]);
  });

  it('bounds a non-admin key by access groups on either side', async () => {
    const generate = (key: string, models: string[]) => h.call('POST', '/key/generate', { key, body: { models } });
    expect((await generate(keys.beta, ['beta-a'])).status).toBe(200);
    expect((await generate(keys.beta, ['beta'])).status).toBe(200);
    expect((await generate(keys.beta, ['gpt-4o'])).status).toBe(403);
    // A group is within a ceiling that reaches every model in it, and not within one that reaches some.
    expect((await generate(keys.pair, ['beta'])).status).toBe(200);
    expect((await generate(keys.single, ['beta'])).status).toBe(403);
    expect((await generate(keys.single, ['claude-all'])).status).toBe(403);
  });
});
