import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { REFUSALS, type CallRecord } from '@switchboard/contracts';
import { insertTeam, requirePostgres, type OpenedDatabase } from '@switchboard/db';
import type { GatewayState } from './connect-state.ts';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-wildcards';

describe.skipIf(!pg.available)('wildcard deployments and model access groups through the gateway', () => {
  let gw: EnforcedGateway;
  let database: OpenedDatabase;
  let state: GatewayState;
  let base: string;
  let settled: CallRecord[] = [];

  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'mock/*', litellm_params: { model: 'mock/*', mock_response: 'from the wildcard' }, model_info: { access_groups: ['mock-everything'] } },
        { model_name: 'beta-a', litellm_params: { model: 'mock/a', mock_response: 'a' }, model_info: { access_groups: ['beta'] } },
        { model_name: 'beta-b', litellm_params: { model: 'mock/b', mock_response: 'b' }, model_info: { access_groups: ['beta', 'prod'] } },
        { model_name: 'plain', litellm_params: { model: 'mock/p', mock_response: 'p' } },
        // No fixed reply: the mock answers with the last user message, so a test can see what was sent.
        { model_name: 'echo/*', litellm_params: { model: 'mock/*' } },
      ],
      general_settings: { master_key: MASTER },
    },
    {},
  );

  const newKey = (fields: Record<string, unknown> = {}) => gw.newKey(fields);

  const chat = (key: string, model: string) =>
    fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 }),
    });
  const listed = async (key: string, query = '') => {
    const res = await fetch(`${base}/v1/models${query}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { id: string }[] }).data.map((model) => model.id).sort();
  };

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-wildcards-');
    ({ database, state, base, settled } = gw);
  });

  afterAll(async () => {
    await gw?.close();
  });

  it("sends a request's fallback entry's own parameters to a model a wildcard serves", async () => {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'plain', messages: [{ role: 'user', content: 'Hi' }], mock_testing_fallbacks: true, fallbacks: [{ model: 'echo/other', messages: [{ role: 'user', content: 'replaced' }] }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-litellm-model-group')).toBe('echo/other');
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('Mock response to: replaced');
  });

  it('routes any model of the wildcard provider, the upstream model taken from the request', async () => {
    const res = await chat(MASTER, 'mock/claude-3-5-haiku');
    expect(res.status).toBe(200);
    const record = settled.at(-1);
    expect(record).toMatchObject({ modelGroup: 'mock/claude-3-5-haiku', upstreamModel: 'claude-3-5-haiku', provider: 'mock' });
    // No pattern matches: LiteLLM's 400 for an unknown model, never a 500; the wildcard's own name is no model.
    for (const model of ['gpt-4o', 'mock/*', 'mock/../admin']) {
      const refused = await chat(MASTER, model);
      expect(refused.status, model).toBe(REFUSALS.unknown_model.status);
    }
  });

  it("applies a key's model list to the concrete model name, provider/* patterns included", async () => {
    const exact = await newKey({ models: ['mock/allowed'] });
    expect((await chat(exact, 'mock/allowed')).status).toBe(200);
    expect((await chat(exact, 'mock/other')).status).toBe(REFUSALS.model_not_allowed.status);
    const pattern = await newKey({ models: ['mock/*'] });
    expect((await chat(pattern, 'mock/anything')).status).toBe(200);
    expect((await chat(pattern, 'plain')).status).toBe(REFUSALS.model_not_allowed.status);
  });

  it('lets a key or a team name an access group: every model group in it, and nothing else', async () => {
    const key = await newKey({ models: ['beta'] });
    expect((await chat(key, 'beta-a')).status).toBe(200);
    expect((await chat(key, 'beta-b')).status).toBe(200);
    expect((await chat(key, 'plain')).status).toBe(REFUSALS.model_not_allowed.status);
    expect((await chat(key, 'mock/x')).status).toBe(REFUSALS.model_not_allowed.status);

    const team = await insertTeam(database.db, { alias: 'beta-team', models: ['prod'] });
    const teamKey = await newKey({ teamId: team.id });
    expect((await chat(teamKey, 'beta-b')).status).toBe(200);
    expect((await chat(teamKey, 'beta-a')).status).toBe(REFUSALS.model_not_allowed.status);
    // The wildcard's access group reaches every model it serves.
    const everything = await newKey({ models: ['mock-everything'] });
    expect((await chat(everything, 'mock/whatever')).status).toBe(200);
    expect((await chat(everything, 'beta-a')).status).toBe(REFUSALS.model_not_allowed.status);
  });

  it("lists on /v1/models only what the caller's key and team may call; only_model_access_groups lists the groups", async () => {
    expect(await listed(MASTER)).toEqual(['beta-a', 'beta-b', 'plain']);
    expect(await listed(MASTER, '?return_wildcard_routes=True')).toEqual(['beta-a', 'beta-b', 'echo/*', 'mock/*', 'plain']);
    expect(await listed(MASTER, '?only_model_access_groups=True')).toEqual(['beta', 'mock-everything', 'prod']);
    expect(await listed(await newKey({ models: ['beta'] }))).toEqual(['beta-a', 'beta-b']);
    expect(await listed(await newKey({ models: ['beta'] }), '?only_model_access_groups=True')).toEqual(['beta']);
    const team = await insertTeam(database.db, { alias: 'plain-team', models: ['plain'] });
    // A key without models of a restricted team sees the team's models, not every model.
    expect(await listed(await newKey({ teamId: team.id }))).toEqual(['plain']);
    expect(await listed(await newKey({ teamId: team.id }), '?only_model_access_groups=True')).toEqual([]);
    const bad = await fetch(`${base}/v1/models?only_model_access_groups=maybe`, { headers: { authorization: `Bearer ${MASTER}` } });
    expect(bad.status).toBe(400);
  });

  it('answers /v1/models/{model} for a model the caller may call, 404 otherwise', async () => {
    const key = await newKey({ models: ['beta'] });
    expect((await fetch(`${base}/v1/models/beta-a`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await fetch(`${base}/v1/models/plain`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(404);
  });
});
