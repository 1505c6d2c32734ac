import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { buildGatewayConfig } from '@switchboard/config';
import { createCredentialCipher, hashApiKey, requirePostgres } from '@switchboard/db';
import { managementDepsFromEnv, mountManagementApi } from '@switchboard/management';
import { createLogger, createServiceApp, runService, type RunningService } from '@switchboard/service-kit';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '@switchboard/telemetry-testing';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-key-logging';
const SALT = 'test-salt-key-key-logging-0123456789';
const BASIC = `Basic ${Buffer.from('pk-lf-owner:sk-lf-owner-secret').toString('base64')}`;

type Batch = { batch: { type: string; body: Record<string, unknown> }[] };
const eventsOf = (requests: RecordedRequest[]) => requests.flatMap((request) => (JSON.parse(request.body.toString()) as Batch).batch);

/**
 * Issue 21: a key's own logging callbacks (LiteLLM's `metadata.logging`), set through the management API by
 * the key's owner within the admin's destination allow-list, stored encrypted, reach its Langfuse project
 * from the gateway; nobody else's calls do.
 */
describe.skipIf(!pg.available)('per-key logging callbacks, from /key/generate to Langfuse (PostgreSQL)', () => {
  const upstream = new FakeOpenAiUpstream();
  let langfuse: RecordingServer;
  let elsewhere: RecordingServer;
  let gw: EnforcedGateway;
  let backend: RunningService;
  let backendBase: string;

  const management = async (path: string, body: unknown, key = MASTER, method = 'POST') => {
    const response = await fetch(`${backendBase}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const chat = async (key: string) => {
    const response = await fetch(`${gw.base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-logged', messages: [{ role: 'user', content: 'Hi' }] }) });
    expect(response.status).toBe(200);
    await response.text();
    return gw.settled.at(-1)!;
  };
  // The row as PostgreSQL holds it, past the data layer.
  const rowsOf = async <Row = Record<string, unknown>>(query: SQL) => ((await gw.database.db.execute(query)) as unknown as { rows: Row[] }).rows;
  const loggingTo = (host: string, secret = 'sk-lf-owner-secret') => ({ logging: [{ callback_name: 'langfuse', callback_type: 'success', callback_vars: { langfuse_public_key: 'pk-lf-owner', langfuse_secret_key: secret, langfuse_host: host } }] });

  beforeAll(async () => {
    [langfuse, elsewhere] = await Promise.all([startRecordingServer(), startRecordingServer()]);
    langfuse.reply((request) => (request.headers.authorization === BASIC ? { status: 207, body: '{"successes":[],"errors":[]}' } : { status: 401, body: '{}' }));
    await upstream.start();
    upstream.on('/v1/chat/completions', (call, res) => sendJson(res, chatCompletion(String(call.body.model), 'logged answer')));
    const config = buildGatewayConfig(
      {
        model_list: [{ model_name: 'gpt-logged', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream-0123456789', api_base: `${upstream.url}/v1` }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }],
        general_settings: { master_key: MASTER, logging_destination_allowlist: [langfuse.url] },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-gw-key-logging-', { env: { SWITCHBOARD_SALT_KEY: SALT }, telemetry: true });
    const logger = createLogger('backend', { level: 'silent' });
    const service = createServiceApp('backend', logger);
    // The backend reads the allow-list from the same config file as the gateway.
    mountManagementApi(service, managementDepsFromEnv({ ...gw.database, cipher: createCredentialCipher(SALT) }, {}, [], logger, config));
    backend = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
    backendBase = `http://127.0.0.1:${backend.port}`;
  });

  afterAll(async () => {
    await backend?.shutdown('test');
    await gw?.close();
    await upstream.stop();
    await Promise.all([langfuse?.close(), elsewhere?.close()]);
  });

  it("lets a key's owner send its calls to their Langfuse on the allow-list, encrypted at rest, masked when read; another key's calls do not go there", async () => {
    expect((await management('/user/new', { user_id: 'kim', user_role: 'internal_user' })).status).toBe(200);
    const kimsKey = (await management('/key/generate', { user_id: 'kim' })).body.key as string;

    const refused = await management('/key/generate', { metadata: loggingTo(elsewhere.url) }, kimsKey);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(`key metadata.logging[0]: destination ${elsewhere.url} is not on the logging destination allow-list`);
    const forged = await management('/key/generate', { metadata: { ...loggingTo(langfuse.url), logging_set_by_admin: true } }, kimsKey);
    expect(forged.status).toBe(200);
    expect(forged.body.metadata.logging_set_by_admin).toBeUndefined();

    const created = await management('/key/generate', { key_alias: 'kim-logged', metadata: loggingTo(langfuse.url) }, kimsKey);
    expect(created.status).toBe(200);
    expect(JSON.stringify(created.body)).not.toContain('sk-lf-owner-secret');
    const loggedKey = created.body.key as string;

    const [row] = await rowsOf<{ metadata: Record<string, any> }>(sql`select metadata from keys where hash = ${hashApiKey(loggedKey)}`);
    const stored = JSON.stringify(row?.metadata);
    expect(stored).not.toContain('sk-lf-owner-secret');
    expect(stored).not.toContain('pk-lf-owner');
    expect(row?.metadata.logging[0].callback_vars.langfuse_secret_key).toEqual({ $encrypted: expect.stringMatching(/^v1:/) });
    const info = await management(`/key/info?key=${encodeURIComponent(loggedKey)}`, undefined, kimsKey, 'GET');
    expect(info.body.info.metadata.logging[0].callback_vars).toEqual({ langfuse_public_key: '********', langfuse_secret_key: '********', langfuse_host: langfuse.url });
    expect(JSON.stringify(await rowsOf(sql`select * from audit_log`))).not.toContain('sk-lf-owner-secret');

    const other = await chat(kimsKey);
    const logged = await chat(loggedKey);
    const events = eventsOf(await langfuse.waitForRequests(1));
    expect(events.map((event) => event.body.traceId ?? event.body.id)).toEqual([logged.requestId, logged.requestId]);
    expect(events.map((event) => event.body.id)).not.toContain(other.requestId);
    const generation = events.find((event) => event.type === 'generation-create');
    // The fake upstream's usage (10 in, 5 out) at the model's prices: 10 × $0.000001 + 5 × $0.000002.
    expect(generation?.body).toMatchObject({ usageDetails: { input: 10, output: 5, total: 15 }, costDetails: { total: 0.00002 }, metadata: { user_api_key_alias: 'kim-logged' } });
    expect(elsewhere.requests).toEqual([]);

    // null is "no value": the owner unsets the key's logging, and its next call carries none.
    const unset = await management('/key/update', { key: loggedKey, metadata: { logging: null } }, kimsKey);
    expect(unset.status).toBe(200);
    expect(unset.body.metadata).toEqual({});
    let record = await chat(loggedKey);
    for (let tries = 0; record.principal?.logging && tries < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      record = await chat(loggedKey);
    }
    expect(record.principal?.logging).toBeUndefined();
  });

  it("lets a team's admin add a Langfuse callback on the allow-list to the team (LiteLLM's /team/{team_id}/callback), which the gateway decrypts for the team's keys", async () => {
    expect((await management('/team/new', { team_id: 'research', members_with_roles: [{ user_id: 'kim', role: 'admin' }, { user_id: 'lee', role: 'user' }] })).status).toBe(200);
    const kimsKey = (await management('/key/generate', { user_id: 'kim' })).body.key as string;
    const leesKey = (await management('/key/generate', { user_id: 'lee' })).body.key as string;
    const teamVars = (host: string) => ({ callback_name: 'langfuse', callback_type: 'success', callback_vars: { langfuse_public_key: 'pk-lf-team', langfuse_secret_key: 'sk-lf-team-secret', langfuse_host: host } });

    expect((await management('/team/research/callback', teamVars(langfuse.url), leesKey)).status).toBe(403);
    const offList = await management('/team/research/callback', teamVars(elsewhere.url), kimsKey);
    expect(offList.status).toBe(400);
    expect(offList.body.error.message).toContain(`team metadata.callback_settings: destination ${elsewhere.url} is not on the logging destination allow-list`);
    const added = await management('/team/research/callback', teamVars(langfuse.url), kimsKey);
    expect(added.status).toBe(200);
    expect(JSON.stringify(added.body)).not.toContain('sk-lf-team-secret');
    const shown = await management('/team/research/callback', undefined, leesKey, 'GET');
    expect(shown.body.data).toEqual({ team_id: 'research', success_callbacks: ['langfuse'], failure_callbacks: [], callback_vars: { langfuse_public_key: '********', langfuse_secret_key: '********', langfuse_host: langfuse.url } });

    const teamKey = (await management('/key/generate', { team_id: 'research' })).body.key as string;
    const record = await chat(teamKey);
    expect(record.principal?.logging?.team).toMatchObject({ name: 'research', setByAdmin: false, metadata: { callback_settings: { callback_vars: { langfuse_secret_key: 'sk-lf-team-secret' } } } });
  });
});
