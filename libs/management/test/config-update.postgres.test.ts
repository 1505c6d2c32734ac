import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

const file = buildGatewayConfig(
  {
    model_list: [
      { model_name: 'fast', litellm_params: { model: 'mock/fast' } },
      { model_name: 'slow', litellm_params: { model: 'mock/slow' } },
    ],
    router_settings: { routing_strategy: 'simple-shuffle', timeout: 30, model_group_alias: { legacy: 'fast' }, redis_password: 'redis-secret-pw', redis_host: '127.0.0.1' },
    litellm_settings: { success_callback: ['prometheus', 'langfuse'], callbacks: ['otel'] },
  },
  {},
);

/**
 * LiteLLM's `/config/update` and `/get/config/callbacks` as its admin UI and Terraform provider use them: the
 * router settings stored over the config file's, read back as they now run.
 */
describe.skipIf(!postgres.available)('/config/update and /get/config/callbacks (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness({ configSections: file.sections });
    for (const [id, role] of [['boss', 'proxy_admin'], ['auditor', 'proxy_admin_viewer'], ['dev', 'internal_user']] as const) {
      keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role } })).body.key;
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const read = async (key?: string) => (await h.call('GET', '/get/config/callbacks', key ? { key } : {})).body;

  it("answers the file's router settings and callbacks, no secret, to admins and admin viewers", async () => {
    const body = await read(keys.auditor);
    expect(body).toMatchObject({
      status: 'success',
      alerts: [],
      callbacks: [
        { name: 'prometheus', variables: {}, type: 'success' },
        { name: 'langfuse', variables: {}, type: 'success' },
        { name: 'otel', variables: {}, type: 'success_and_failure' },
      ],
      router_settings: { routing_strategy: 'simple-shuffle', num_retries: 2, timeout: 30, model_group_alias: { legacy: 'fast' }, fallbacks: [] },
    });
    expect(JSON.stringify(body)).not.toContain('redis-secret-pw');
    expect((await h.call('GET', '/get/config/callbacks', { key: keys.dev })).status).toBe(403);
  });

  it('stores the router settings given over the file\'s, applies a read-back as a no-op, and tells the gateways', async () => {
    const published = h.published.length;
    const now = (await read()).router_settings;
    // What LiteLLM's Terraform provider does: read, change one alias, write the whole map back.
    const update = await h.call('POST', '/config/update', { body: { router_settings: { ...now, routing_strategy: 'least-busy', fallbacks: [{ fast: ['slow'] }], model_group_alias: { ...now.model_group_alias, newer: 'slow' } } } });
    expect(update.status).toBe(200);
    expect(update.body).toEqual({ message: 'Config updated successfully' });
    expect((await read()).router_settings).toMatchObject({ routing_strategy: 'least-busy', timeout: 30, fallbacks: [{ fast: ['slow'] }], model_group_alias: { legacy: 'fast', newer: 'slow' } });
    expect(h.published.slice(published)).toContainEqual({ entityType: 'config', entityId: 'router_settings', action: 'update' });
    const audit = await h.pool.query("select action, object_id from audit_log where table_name = 'proxy_config'");
    expect(audit.rows).toContainEqual({ action: 'config.update', object_id: 'router_settings' });

    // null takes the stored value away: the file's applies again. (The write-back above stored num_retries too,
    // and router_settings wins over litellm_settings, as in the file.)
    expect((await h.call('POST', '/config/update', { body: { router_settings: { routing_strategy: null, num_retries: null }, litellm_settings: { num_retries: 5 } } })).status).toBe(200);
    expect((await read()).router_settings).toMatchObject({ routing_strategy: 'simple-shuffle', num_retries: 5, fallbacks: [{ fast: ['slow'] }] });
  });

  it('refuses what the running proxy cannot change, by name, and invalid values, and changes nothing', async () => {
    const before = (await read()).router_settings;
    for (const [body, param] of [
      [{ router_settings: { timeout: 5 } }, 'router_settings.timeout'],
      [{ router_settings: { redis_host: 'elsewhere' } }, 'router_settings.redis_host'],
      // Of general_settings only alerting and store_prompts_in_spend_logs change while running, and only to settings that can work.
      [{ general_settings: { master_key: 'sk-another-master' } }, 'general_settings.master_key'],
      [{ general_settings: { store_prompts_in_spend_logs: 'sometimes' } }, 'general_settings.store_prompts_in_spend_logs'],
      [{ general_settings: { alerting: ['slack'], alert_to_webhook_url: { llm_exceptions: 'example-slack-webhook-url' } } }, 'general_settings'],
      [{ environment_variables: { LANGFUSE_SECRET_KEY: 'x' } }, 'environment_variables'],
      [{ model_list: [{ model_name: 'x' }] }, 'model_list'],
      [{ litellm_settings: { drop_params: true } }, 'litellm_settings.drop_params'],
      [{ router_settings: { num_retries: -2 } }, 'router_settings.num_retries'],
      [{ router_settings: { routing_strategy: 'fastest-first' } }, 'router_settings.routing_strategy'],
    ] as const) {
      const refused = await h.call('POST', '/config/update', { body });
      expect({ param, status: refused.status, got: refused.body.error?.param }).toEqual({ param, status: 400, got: param });
    }
    expect((await read()).router_settings).toEqual(before);
    // Only a proxy admin changes it.
    for (const key of [keys.auditor, keys.dev]) expect((await h.call('POST', '/config/update', { key, body: { router_settings: { num_retries: 1 } } })).status).toBe(403);
    // Sending the value in force is no change, even for a setting read at start.
    expect((await h.call('POST', '/config/update', { body: { router_settings: { timeout: 30 }, general_settings: {} } })).status).toBe(200);
  });
});
