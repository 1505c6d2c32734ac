import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { REFUSALS } from '@switchboard/contracts';
import { createCredentialCipher, requirePostgres } from '@switchboard/db';
import { mountManagementApi, noInvalidationPublisher } from '@switchboard/management';
import { createLogger, createServiceApp, runService, type RunningService } from '@switchboard/service-kit';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-scim-deactivation';

/**
 * Issue 23: a user deactivated through SCIM loses their keys at the gateway within a second, with no Redis:
 * the backend blocks each key and the gateway's outbox follower drops it from the key cache.
 */
describe.skipIf(!pg.available)('SCIM deactivation reaches the gateway (PostgreSQL)', () => {
  let gw: EnforcedGateway;
  let backend: RunningService;
  let backendBase: string;
  const config = buildGatewayConfig({ model_list: [{ model_name: 'mock', litellm_params: { model: 'mock/m', mock_response: 'hi' } }], general_settings: { master_key: MASTER } }, {});

  const chat = (key: string) =>
    fetch(`${gw.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 }),
    });
  const management = async (method: string, path: string, body?: unknown, key = MASTER) => {
    const response = await fetch(`${backendBase}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, any> };
  };

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-scim-');
    // Errors only: an unexpected 500 from the management API then shows its cause in the test output.
    const logger = createLogger('backend', { level: 'error' });
    const service = createServiceApp('backend', logger);
    mountManagementApi(service, { db: gw.database.db, cipher: createCredentialCipher('test-salt-key-0123456789'), masterKey: MASTER, configDeployments: [], storeModelInDb: false, publisher: noInvalidationPublisher, logger });
    backend = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
    backendBase = `http://127.0.0.1:${backend.port}`;
  });
  afterAll(async () => {
    await backend?.shutdown('test');
    await gw?.close();
  });

  it("refuses a deactivated user's keys within a second, and never accepts the SCIM token itself", async () => {
    const scimToken = (await management('POST', '/scim/token', {})).body.token as string;
    expect((await chat(scimToken)).status).toBe(REFUSALS.route_not_allowed.status);
    expect((await management('POST', '/scim/v2/Users', { userName: 'frank@example.com' }, scimToken)).status).toBe(201);
    const key = (await management('POST', '/key/generate', { user_id: 'frank@example.com' })).body.key as string;
    expect((await chat(key)).status).toBe(200);

    const patched = await management('PATCH', '/scim/v2/Users/frank@example.com', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }, scimToken);
    expect(patched.status).toBe(200);
    const deactivatedAt = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - deactivatedAt < 1_000) {
      status = (await chat(key)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toBe(REFUSALS.key_blocked.status);
    // A key made for the user after the deactivation is refused as well.
    const later = (await management('POST', '/key/generate', { user_id: 'frank@example.com' })).body.key as string;
    expect((await chat(later)).status).toBe(REFUSALS.key_blocked.status);
  });
});
