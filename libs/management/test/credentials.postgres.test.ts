import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { dumpAllTables, startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/**
 * LiteLLM's reusable credentials (`/credentials`, `litellm_params.litellm_credential_name`): stored sealed, shown
 * masked, written by proxy admins only, and bound to where they send calls.
 */
describe.skipIf(!postgres.available)('stored credentials (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};
  const as = (who: string, method: string, path: string, body?: unknown) => h.call(method, path, { key: keys[who] ?? who, ...(body !== undefined ? { body } : {}) });
  const azure = { credential_name: 'azure-eu', credential_values: { api_key: 'az-secret-value-1', api_base: 'https://eu.example.test/', api_version: '2024-10-21' }, credential_info: { custom_llm_provider: 'azure' } };

  beforeAll(async () => {
    h = await startHarness({ configCredentials: [{ name: 'from-file', values: { api_key: 'file-secret-value' }, info: {} }] });
    for (const [id, role] of [['viewer', 'proxy_admin_viewer'], ['user', 'internal_user']] as const) {
      keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role } })).body.key;
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stores one in LiteLLM\'s shapes, lists it masked with the file\'s, and never returns or stores a secret in clear', async () => {
    const created = await h.call('POST', '/credentials', { body: azure });
    expect(created).toMatchObject({ status: 200, body: { success: true, message: 'Credential created successfully' } });
    const list = await h.call('GET', '/credentials');
    expect(list.body.success).toBe(true);
    expect(list.body.credentials).toEqual(
      expect.arrayContaining([
        { credential_name: 'azure-eu', credential_values: { api_key: '********', api_base: 'https://eu.example.test/', api_version: '2024-10-21' }, credential_info: { custom_llm_provider: 'azure' } },
        { credential_name: 'from-file', credential_values: { api_key: '********' }, credential_info: {} },
      ]),
    );
    expect((await as('viewer', 'GET', '/credentials/by_name/azure-eu')).body).toMatchObject({ credential_name: 'azure-eu', credential_values: { api_key: '********' } });
    expect((await h.call('GET', '/credentials/by_name/nope')).status).toBe(404);
    const everything = JSON.stringify(list.body) + (await dumpAllTables(h.pool)) + h.logs.join('');
    expect(everything).not.toContain('az-secret-value-1');
    expect(everything).not.toContain('file-secret-value');
  });

  it('is written by proxy admins only and read by admins and admin viewers', async () => {
    expect((await as('viewer', 'POST', '/credentials', { ...azure, credential_name: 'v' })).status).toBe(403);
    expect((await as('user', 'POST', '/credentials', { ...azure, credential_name: 'u' })).status).toBe(403);
    expect((await as('user', 'GET', '/credentials')).status).toBe(403);
    expect((await as('user', 'GET', '/credentials/by_name/azure-eu')).status).toBe(403);
    expect((await as('viewer', 'PATCH', '/credentials/azure-eu', { credential_values: { api_version: 'x' } })).status).toBe(403);
    expect((await as('user', 'DELETE', '/credentials/azure-eu')).status).toBe(403);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = async (body: unknown) => {
      const response = await h.call('POST', '/credentials', { body });
      return { status: response.status, param: response.body.error?.param };
    };
    expect(await bad({ credential_name: 'x', credential_values: { rpm: 5 } })).toEqual({ status: 400, param: 'credential_values.rpm' });
    expect(await bad({ credential_name: 'x', credential_values: { api_base: 'nope' } })).toEqual({ status: 400, param: 'credential_values.api_base' });
    expect(await bad({ credential_name: 'x' })).toEqual({ status: 400, param: 'credential_values' });
    expect(await bad({ credential_name: 'a/b', credential_values: { api_key: 'k' } })).toEqual({ status: 400, param: 'credential_name' });
    expect(await bad({ credential_name: 'x', credential_values: { api_key: 'k' }, surprise: 1 })).toMatchObject({ status: 400 });
    expect(await bad({ ...azure })).toEqual({ status: 400, param: 'credential_name' });
    expect(await bad({ credential_name: 'from-file', credential_values: { api_key: 'k' } })).toEqual({ status: 400, param: 'credential_name' });
    expect((await h.call('PATCH', '/credentials/from-file', { body: { credential_values: { api_key: 'k' } } })).status).toBe(400);
    expect((await h.call('PATCH', '/credentials/nope', { body: { credential_values: { api_key: 'k' } } })).status).toBe(404);
  });

  it('lets a deployment name it only where the credential goes, and only if it exists', async () => {
    const model = (params: Record<string, unknown>, name = 'eu-gpt') => h.call('POST', '/model/new', { body: { model_name: name, litellm_params: { model: 'azure/gpt-4o', ...params } } });
    expect((await model({ litellm_credential_name: 'missing' })).body.error).toMatchObject({ code: 'credential_not_found', param: 'litellm_params.litellm_credential_name' });
    const elsewhere = await model({ litellm_credential_name: 'azure-eu', api_base: 'https://attacker.example.test/' });
    expect({ status: elsewhere.status, message: elsewhere.body.error.message }).toMatchObject({ status: 400, message: expect.stringContaining('api_base must be left to credential "azure-eu"') });
    expect((await h.call('POST', '/model/new', { body: { model_name: 'wrong-provider', litellm_params: { model: 'openai/gpt-4o', litellm_credential_name: 'azure-eu' } } })).status).toBe(400);
    const stored = await model({ litellm_credential_name: 'azure-eu' });
    expect(stored.status).toBe(200);
    expect(stored.body.litellm_params).toEqual({ model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu' });
    // The model's id reads back its credential fields masked, under LiteLLM's made-up name.
    const byModel = await h.call('GET', `/credentials/by_model/${stored.body.model_id as string}`);
    expect(byModel.body).toEqual({ credential_name: `eu-gpt-credential-${stored.body.model_id as string}`, credential_values: {}, credential_info: {} });
    // A change that would leave a deployment naming it unable to use it is refused; so is deleting it while named.
    const moved = await h.call('PATCH', '/credentials/azure-eu', { body: { credential_info: { custom_llm_provider: 'openai' } } });
    expect(moved.body.error).toMatchObject({ code: 'credential_in_use' });
    const inUse = await h.call('DELETE', '/credentials/azure-eu');
    expect(inUse.body.error).toMatchObject({ code: 'credential_in_use' });
    expect(inUse.body.error.message).toContain(stored.body.model_id as string);
    await h.call('POST', '/model/delete', { body: { id: stored.body.model_id } });
  });

  it('PATCH merges, keeps an unsent secret only while the destination stays, never renames', async () => {
    expect((await h.call('PATCH', '/credentials/azure-eu', { body: { credential_name: 'azure-eu', credential_values: { api_version: '2025-01-01', api_key: '********' }, credential_info: { description: 'EU' } } })).body).toEqual({ success: true, message: 'Credential updated successfully' });
    expect((await h.call('GET', '/credentials/by_name/azure-eu')).body).toEqual({
      credential_name: 'azure-eu',
      credential_values: { api_key: '********', api_base: 'https://eu.example.test/', api_version: '2025-01-01' },
      credential_info: { custom_llm_provider: 'azure', description: 'EU' },
    });
    const redirected = await h.call('PATCH', '/credentials/azure-eu', { body: { credential_values: { api_base: 'https://attacker.example.test/' } } });
    expect(redirected.body.error).toMatchObject({ code: 'credential_required_for_new_destination', param: 'credential_values.api_key' });
    expect((await h.call('PATCH', '/credentials/azure-eu', { body: { credential_values: { api_base: 'https://us.example.test/', api_key: 'az-new-secret' } } })).status).toBe(200);
    expect((await h.call('PATCH', '/credentials/azure-eu', { body: { credential_values: { api_version: null } } })).status).toBe(200);
    expect((await h.call('GET', '/credentials/by_name/azure-eu')).body.credential_values).toEqual({ api_key: '********', api_base: 'https://us.example.test/' });
    expect((await h.call('PATCH', '/credentials/azure-eu', { body: { credential_name: 'renamed' } })).status).toBe(400);
  });

  it("saves a deployment's own credentials under a name (LiteLLM's model_id form), and deletes a credential nobody names", async () => {
    const own = await h.call('POST', '/model/new', { body: { model_name: 'own-key', litellm_params: { model: 'openai/gpt-4o', api_key: 'sk-own-model-secret', api_base: 'https://own.example.test/v1' } } });
    expect((await h.call('POST', '/credentials', { body: { credential_name: 'saved', model_id: own.body.model_id } })).status).toBe(200);
    expect((await h.call('GET', '/credentials/by_name/saved')).body.credential_values).toEqual({ api_key: '********', api_base: 'https://own.example.test/v1' });
    expect((await h.call('POST', '/credentials', { body: { credential_name: 'none', model_id: 'no-such-model' } })).status).toBe(404);
    // The config file's deployment too (the harness's has an api_key).
    expect((await h.call('POST', '/credentials', { body: { credential_name: 'from-config-model', model_id: 'cfg-1' } })).status).toBe(200);
    expect((await h.call('DELETE', '/credentials/saved')).body).toEqual({ success: true, message: 'Credential deleted successfully' });
    expect((await h.call('GET', '/credentials/by_name/saved')).status).toBe(404);
    expect(JSON.stringify(h.published)).toContain('"entityType":"model"');
  });
});
