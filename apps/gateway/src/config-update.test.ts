import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { createCredentialCipher, requirePostgres } from '@switchboard/db';
import { mountManagementApi, noInvalidationPublisher } from '@switchboard/management';
import { createLogger, createServiceApp, runService, type RunningService } from '@switchboard/service-kit';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-config-update';

/**
 * `/config/update` on the backend changes how a running gateway routes, through the outbox (no Redis here):
 * an alias added, a fallback added, then taken back with null.
 */
describe.skipIf(!pg.available)('router settings changed through /config/update reach the gateway (PostgreSQL)', () => {
  let gw: EnforcedGateway;
  let backend: RunningService;
  let backendBase: string;
  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'broken', litellm_params: { model: 'mock/broken', mock_error_status: 500 } },
        { model_name: 'works', litellm_params: { model: 'mock/works', mock_response: 'from works' } },
      ],
      router_settings: { num_retries: 0 },
      general_settings: { master_key: MASTER },
    },
    {},
  );

  const chat = async (model: string) => {
    const response = await fetch(`${gw.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    return { status: response.status, group: response.headers.get('x-litellm-model-group') };
  };
  const update = async (body: unknown) => (await fetch(`${backendBase}/config/update`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
  /** The gateway's outbox poll applies a change within about a second; wait for the expected answer. */
  const eventually = async (model: string, expected: { status: number; group?: string }) => {
    const started = performance.now();
    let seen = await chat(model);
    while ((seen.status !== expected.status || (expected.group !== undefined && seen.group !== expected.group)) && performance.now() - started < 3_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await chat(model);
    }
    return seen;
  };

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-config-');
    const logger = createLogger('backend', { level: 'error' });
    const service = createServiceApp('backend', logger);
    mountManagementApi(service, { db: gw.database.db, cipher: createCredentialCipher('test-salt-key-0123456789'), masterKey: MASTER, configDeployments: config.deployments, configSections: config.sections, storeModelInDb: false, publisher: noInvalidationPublisher, logger });
    backend = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
    backendBase = `http://127.0.0.1:${backend.port}`;
  });
  afterAll(async () => {
    await backend?.shutdown('test');
    await gw?.close();
  });

  it('routes on the new settings once the change reaches it, and on the file\'s again after null', async () => {
    expect((await chat('alias-of-works')).status).toBe(400);
    expect((await chat('broken')).status).toBeGreaterThanOrEqual(500);

    expect(await update({ router_settings: { model_group_alias: { 'alias-of-works': 'works' }, fallbacks: [{ broken: ['works'] }] } })).toBe(200);
    expect(await eventually('alias-of-works', { status: 200, group: 'works' })).toEqual({ status: 200, group: 'works' });
    expect(await eventually('broken', { status: 200 })).toMatchObject({ status: 200 });

    expect(await update({ router_settings: { fallbacks: null } })).toBe(200);
    expect((await eventually('broken', { status: 500 })).status).toBeGreaterThanOrEqual(500);
    // The alias is still stored: only the fallbacks went.
    expect((await chat('alias-of-works')).status).toBe(200);
  });

  it("turns store_prompts_in_spend_logs on and off on a running gateway (LiteLLM's dashboard toggles it there)", async () => {
    const bodiesOfNextCall = async (): Promise<unknown> => {
      const before = gw.settled.length;
      expect((await chat('works')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return gw.settled.slice(before).find((record) => record.modelGroup === 'works')?.requestBody;
    };
    expect(await bodiesOfNextCall()).toBeUndefined();
    expect(await update({ general_settings: { store_prompts_in_spend_logs: true } })).toBe(200);
    let kept: unknown;
    for (let i = 0; i < 60 && kept === undefined; i++) {
      kept = await bodiesOfNextCall();
      if (kept === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(kept).toEqual({ model: 'works', messages: [{ role: 'user', content: 'Hi' }] });
    expect(await update({ general_settings: { store_prompts_in_spend_logs: 'maybe' } })).toBe(400);
    expect(await update({ general_settings: { store_prompts_in_spend_logs: null } })).toBe(200);
    let after: unknown = kept;
    for (let i = 0; i < 60 && after !== undefined; i++) {
      after = await bodiesOfNextCall();
      if (after !== undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(after).toBeUndefined();
  });
});
