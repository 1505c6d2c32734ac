import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { insertTeam, requirePostgres } from '@switchboard/db';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();

/**
 * LiteLLM's team models end to end: a deployment with `model_info.team_id` is called by its team's keys under its
 * public name (ahead of a global model of that name, for that team only), by nobody else under any name.
 */
describe.skipIf(!pg.available)('team models (PostgreSQL)', () => {
  let gw: EnforcedGateway;
  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'gpt-4o', litellm_params: { model: 'mock/global' }, model_info: { id: 'global-gpt-4o' } },
        { model_name: 'gpt-4o', litellm_params: { model: 'mock/team-a' }, model_info: { id: 'team-a-gpt-4o', team_id: 'tm-a' } },
        { model_name: 'private', litellm_params: { model: 'mock/private' }, model_info: { id: 'team-a-private', team_id: 'tm-a' } },
      ],
    },
    {},
  );
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-team-models-');
    // The team's list is the admin's grant; its own models need no entry in it.
    await insertTeam(gw.database.db, { id: 'tm-a', models: ['gpt-4o-mini'] });
    await insertTeam(gw.database.db, { id: 'tm-b' });
    keys.a = await gw.newKey({ teamId: 'tm-a' });
    keys.aNarrow = await gw.newKey({ teamId: 'tm-a', models: ['gpt-4o'] });
    keys.b = await gw.newKey({ teamId: 'tm-b' });
    keys.none = await gw.newKey();
  });
  afterAll(async () => {
    await gw?.close();
  });

  const call = async (who: string, model: string) => {
    const response = await fetch(`${gw.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const body = await response.json();
    return { status: response.status, deployment: response.headers.get('x-litellm-model-id'), type: body.error?.type as string | undefined };
  };

  it("routes a team's keys to the team's own deployments by the public name", async () => {
    expect(await call('a', 'gpt-4o')).toMatchObject({ status: 200, deployment: 'team-a-gpt-4o' });
    expect(await call('a', 'private')).toMatchObject({ status: 200, deployment: 'team-a-private' });
    expect(await call('b', 'gpt-4o')).toMatchObject({ status: 200, deployment: 'global-gpt-4o' });
    expect(await call('none', 'gpt-4o')).toMatchObject({ status: 200, deployment: 'global-gpt-4o' });
  });

  it('is no model at all to anyone else, under its public or its internal name', async () => {
    for (const who of ['b', 'none']) {
      expect((await call(who, 'private')).status, who).toBe(400);
      expect((await call(who, 'model_name_tm-a_private')).status, who).toBe(400);
    }
  });

  it("narrows by the key's own list only", async () => {
    expect(await call('aNarrow', 'gpt-4o')).toMatchObject({ status: 200, deployment: 'team-a-gpt-4o' });
    expect(await call('aNarrow', 'private')).toMatchObject({ status: 401, type: 'key_model_access_denied' });
  });

  it("lists a team's own models to its keys only", async () => {
    const listed = async (who: string) => ((await (await fetch(`${gw.base}/v1/models`, { headers: { authorization: `Bearer ${keys[who]}` } })).json()).data as { id: string }[]).map((model) => model.id);
    expect(await listed('a')).toEqual(expect.arrayContaining(['private', 'gpt-4o']));
    expect(await listed('b')).not.toContain('private');
    expect(await listed('none')).not.toContain('private');
    expect((await fetch(`${gw.base}/v1/models/private`, { headers: { authorization: `Bearer ${keys.a}` } })).status).toBe(200);
    expect((await fetch(`${gw.base}/v1/models/private`, { headers: { authorization: `Bearer ${keys.b}` } })).status).toBe(404);
  });
});
