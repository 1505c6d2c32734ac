import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/**
 * LiteLLM's team models (`/model/new` with `model_info.team_id`): proxy admins and the team's own admins add
 * them; nobody else sees or changes them; a team admin cannot reach the gateway's secrets or anyone else's models
 * through one; they go with their team.
 */
describe.skipIf(!postgres.available)('team models (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  const as = (who: string, method: string, path: string, body?: unknown) => h.call(method, path, { key: keys[who] ?? who, ...(body !== undefined ? { body } : {}) });
  const teamModel = (team: string, name: string, extra: Record<string, unknown> = {}) => ({ model_name: name, litellm_params: { model: 'openai/gpt-4o', api_key: 'sk-team-own-key', api_base: 'https://team.example.com/v1', ...extra }, model_info: { team_id: team } });

  beforeAll(async () => {
    h = await startHarness();
    for (const [id, role] of [['lead', 'internal_user'], ['dev', 'internal_user'], ['other-lead', 'internal_user']] as const) {
      keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role } })).body.key;
    }
    await h.call('POST', '/team/new', { body: { team_id: 'tm-a', models: ['gpt-4o-mini'], members_with_roles: [{ role: 'admin', user_id: 'lead' }, { role: 'user', user_id: 'dev' }] } });
    await h.call('POST', '/team/new', { body: { team_id: 'tm-b', members_with_roles: [{ role: 'admin', user_id: 'other-lead' }] } });
    keys['team-a-key'] = (await h.call('POST', '/key/generate', { body: { team_id: 'tm-a' } })).body.key;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lets a proxy admin and the team's admins add one, and nobody else", async () => {
    const byAdmin = await h.call('POST', '/model/new', { body: teamModel('tm-a', 'team-a-model') });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({ model_name: 'team-a-model', model_info: { team_id: 'tm-a', team_public_model_name: 'team-a-model' } });
    expect((await as('lead', 'POST', '/model/new', teamModel('tm-a', 'lead-model'))).status).toBe(200);
    // A plain member, another team's admin, a team admin on a global model: 403.
    expect((await as('dev', 'POST', '/model/new', teamModel('tm-a', 'dev-model'))).status).toBe(403);
    expect((await as('other-lead', 'POST', '/model/new', teamModel('tm-a', 'sneaky'))).status).toBe(403);
    expect((await as('lead', 'POST', '/model/new', { model_name: 'global-by-lead', litellm_params: { model: 'openai/gpt-4o' } })).status).toBe(403);
    expect((await h.call('POST', '/model/new', { body: teamModel('no-such-team', 'x') })).status).toBe(404);
  });

  it("keeps the gateway's own secrets, names and grants out of a team admin's reach", async () => {
    const envRef = await as('lead', 'POST', '/model/new', teamModel('tm-a', 'exfil', { api_key: 'os.environ/OPENAI_API_KEY' }));
    expect({ status: envRef.status, param: envRef.body.error.param }).toEqual({ status: 403, param: 'litellm_params.api_key' });
    expect((await as('lead', 'POST', '/model/new', teamModel('tm-a', 'cred', { litellm_credential_name: 'prod-openai' }))).status).toBe(403);
    expect((await as('lead', 'POST', '/model/new', { ...teamModel('tm-a', 'grouped'), model_info: { team_id: 'tm-a', access_groups: ['prod'] } })).status).toBe(400);
    expect((await as('lead', 'POST', '/model/new', teamModel('tm-a', 'team/*'))).status).toBe(400);
    // The team's list is the admin's grant: a team model's name is not added to it (its keys call it by ownership).
    expect((await h.call('GET', '/team/info?team_id=tm-a')).body.team_info.models).toEqual(['gpt-4o-mini']);
    // Nor another deployment's id: the gateway keys cooldowns and deployment rpm/tpm by it.
    const taken = (await h.call('GET', '/model/info?model=team-a-model')).body.data[0].model_info.id as string;
    expect((await as('lead', 'POST', '/model/new', { ...teamModel('tm-a', 'copycat'), model_info: { team_id: 'tm-a', id: taken } })).body.error?.param).toBe('model_info.id');
    // A global model may not take the internal names team models are keyed by.
    expect((await h.call('POST', '/model/new', { body: { model_name: 'model_name_tm-a_team-a-model', litellm_params: { model: 'openai/gpt-4o' } } })).status).toBe(400);
  });

  it("shows a team's models to the team and to admins only", async () => {
    const names = async (who?: string) => ((who ? await as(who, 'GET', '/model/info') : await h.call('GET', '/model/info')).body.data as { model_name: string }[]).map((view) => view.model_name);
    expect(await names()).toEqual(expect.arrayContaining(['team-a-model', 'lead-model']));
    expect(await names('dev')).toEqual(expect.arrayContaining(['team-a-model', 'lead-model']));
    expect(await names('team-a-key')).toEqual(expect.arrayContaining(['team-a-model']));
    expect(await names('other-lead')).not.toContain('team-a-model');
    const groups = (await as('team-a-key', 'GET', '/model_group/info')).body.data.map((group: { model_group: string }) => group.model_group);
    expect(groups).toContain('team-a-model');
    expect((await as('other-lead', 'GET', '/model_group/info')).body.data.map((group: { model_group: string }) => group.model_group)).not.toContain('team-a-model');
  });

  it("lets the team's admins change and delete their own models, never move one out or touch another's", async () => {
    const id = (await h.call('GET', '/model/info?model=lead-model')).body.data[0].model_info.id as string;
    // model_info without team_id keeps the team (a price edit does not make the model global).
    const priced = await as('lead', 'POST', '/model/update', { model_id: id, model_info: { input_cost_per_token: 0.000001 } });
    expect(priced.status).toBe(200);
    expect(priced.body.model_info).toMatchObject({ team_id: 'tm-a', input_cost_per_token: 0.000001 });
    const renamed = await as('lead', 'POST', '/model/update', { model_id: id, model_name: 'lead-model-2' });
    expect(renamed.body).toMatchObject({ model_name: 'lead-model-2', model_info: { team_public_model_name: 'lead-model-2' } });
    expect((await as('lead', 'POST', '/model/update', { model_id: id, model_info: { team_id: null } })).status).toBe(403);
    expect((await as('lead', 'POST', '/model/update', { model_id: id, model_info: { team_id: 'tm-b' } })).status).toBe(403);
    expect((await as('other-lead', 'POST', '/model/update', { model_id: id, model_name: 'taken' })).status).toBe(403);
    // LiteLLM's PATCH form goes through the same checks: the team's admin patches its model, never moves it out.
    const patched = await as('lead', 'PATCH', `/model/${id}/update`, { litellm_params: { rpm: 5 }, model_info: { note: 'patched' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ model_name: 'lead-model-2', litellm_params: { rpm: 5 }, model_info: { team_id: 'tm-a', note: 'patched' } });
    expect((await as('lead', 'PATCH', `/model/${id}/update`, { model_info: { team_id: 'tm-b' } })).status).toBe(403);
    expect((await as('lead', 'PATCH', `/model/${id}/update`, { litellm_params: { api_key: 'os.environ/OPENAI_API_KEY' } })).status).toBe(403);
    expect((await as('other-lead', 'PATCH', `/model/${id}/update`, { model_name: 'taken' })).status).toBe(403);
    expect((await as('other-lead', 'POST', '/model/delete', { id })).status).toBe(403);
    expect((await as('dev', 'POST', '/model/delete', { id })).status).toBe(403);
    expect((await as('lead', 'POST', '/model/delete', { id })).status).toBe(200);
  });

  it('deletes a team\'s models with the team, so a team made again under its id inherits nothing', async () => {
    await h.call('POST', '/team/new', { body: { team_id: 'tm-gone' } });
    expect((await h.call('POST', '/model/new', { body: teamModel('tm-gone', 'gone-model') })).status).toBe(200);
    expect((await h.call('POST', '/team/delete', { body: { team_ids: ['tm-gone'] } })).status).toBe(200);
    await h.call('POST', '/team/new', { body: { team_id: 'tm-gone' } });
    expect(((await h.call('GET', '/model/info')).body.data as { model_name: string }[]).map((view) => view.model_name)).not.toContain('gone-model');
  });
});
