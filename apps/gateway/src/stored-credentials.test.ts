import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig, storedCredentialOf } from '@switchboard/config';
import { createCredentialCipher, requirePostgres } from '@switchboard/db';
import { mountManagementApi, noInvalidationPublisher } from '@switchboard/management';
import { createLogger, createServiceApp, runService, type RunningService } from '@switchboard/service-kit';
import { chatCompletion, FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-stored-credentials';
const SALT = 'test-salt-key-stored-credentials';

/**
 * LiteLLM's stored credentials end to end: a credential stored through the backend's `/credentials` reaches the
 * gateway through the outbox (no Redis here), for a config-file deployment and a database one that name it; a
 * rotated key is used from the next call on; the deployment's own destination never receives it.
 */
describe.skipIf(!pg.available)('stored credentials reach the gateway (PostgreSQL)', () => {
  const upstream = new FakeOpenAiUpstream();
  let gw: EnforcedGateway;
  let backend: RunningService;
  let admin: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

  beforeAll(async () => {
    await upstream.start();
    upstream.on('/v1/chat/completions', (call, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(chatCompletion(String(call.body.model), 'hello')));
    });
    const config = buildGatewayConfig(
      {
        model_list: [{ model_name: 'from-file', litellm_params: { model: 'openai/gpt-4o', litellm_credential_name: 'shared' }, model_info: { id: 'file-model' } }],
        router_settings: { num_retries: 0 },
        general_settings: { master_key: MASTER, store_model_in_db: true },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-gw-credentials-', { env: { SWITCHBOARD_SALT_KEY: SALT } });
    const logger = createLogger('backend', { level: 'error' });
    const service = createServiceApp('backend', logger);
    mountManagementApi(service, { db: gw.database.db, cipher: createCredentialCipher(SALT), masterKey: MASTER, configDeployments: config.deployments, configCredentials: (config.deploymentSource?.credentials ?? []).map(storedCredentialOf), storeModelInDb: true, publisher: noInvalidationPublisher, logger });
    backend = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
    admin = async (method, path, body) => {
      const response = await fetch(`http://127.0.0.1:${backend.port}${path}`, { method, headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
  });
  afterAll(async () => {
    await backend?.shutdown('test');
    await gw?.close();
    await upstream.stop();
  });

  const chat = async (model: string) => {
    const before = upstream.calls.length;
    const response = await fetch(`${gw.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    await response.arrayBuffer();
    return { status: response.status, authorization: upstream.calls.length > before ? upstream.calls.at(-1)?.headers.authorization : undefined };
  };
  /** The gateway's outbox poll applies a change within about a second. */
  const eventually = async (model: string, authorization: string) => {
    const started = performance.now();
    let seen = await chat(model);
    while (seen.authorization !== authorization && performance.now() - started < 3_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await chat(model);
    }
    return seen;
  };

  it('calls with a credential stored after the start, for the file\'s deployment and a database one', async () => {
    // Named before it exists, the file's deployment has no destination yet (its credential holds it), so it is not
    // called here: that would go to the provider's public API.
    expect((await admin('POST', '/credentials', { credential_name: 'shared', credential_values: { api_key: 'sk-stored-1', api_base: `${upstream.url}/v1` } })).status).toBe(200);
    expect(await eventually('from-file', 'Bearer sk-stored-1')).toEqual({ status: 200, authorization: 'Bearer sk-stored-1' });
    expect((await admin('POST', '/model/new', { model_name: 'from-db', litellm_params: { model: 'openai/gpt-4o-mini', litellm_credential_name: 'shared' } })).status).toBe(200);
    expect(await eventually('from-db', 'Bearer sk-stored-1')).toEqual({ status: 200, authorization: 'Bearer sk-stored-1' });
  });

  it('uses a rotated key from the next calls on, everywhere it is named', async () => {
    expect((await admin('PATCH', '/credentials/shared', { credential_values: { api_key: 'sk-stored-2' } })).status).toBe(200);
    expect((await eventually('from-file', 'Bearer sk-stored-2')).authorization).toBe('Bearer sk-stored-2');
    expect((await eventually('from-db', 'Bearer sk-stored-2')).authorization).toBe('Bearer sk-stored-2');
  });

  it('never lets a stored deployment take the credential elsewhere', async () => {
    const elsewhere = await admin('POST', '/model/new', { model_name: 'exfil', litellm_params: { model: 'openai/gpt-4o', litellm_credential_name: 'shared', api_base: 'http://127.0.0.1:9/v1' } });
    expect(elsewhere.status).toBe(400);
    expect((await chat('exfil')).status).toBe(400);
  });
});
