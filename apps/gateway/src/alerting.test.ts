import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { createCredentialCipher, requirePostgres } from '@switchboard/db';
import { mountManagementApi, noInvalidationPublisher } from '@switchboard/management';
import { createLogger, createServiceApp, runService, type RunningService } from '@switchboard/service-kit';
import { startRecordingServer, type RecordingServer } from '@switchboard/telemetry-testing';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-alerting';
const UPSTREAM_KEY = 'sk-upstream-alerting-0123456789abcdef';

/**
 * Slack alerting as LiteLLM configures it (`general_settings.alerting: ["slack"]`, SLACK_WEBHOOK_URL): failed and
 * slow upstream calls, cooled-down deployments and budgets crossed reach the webhook; the gateway's own refusals
 * and the upstream's credentials do not; `/config/update` turns alert types on and off on a running gateway.
 */
describe.skipIf(!pg.available)('slack alerting through the gateway (PostgreSQL)', () => {
  let slack: RecordingServer;
  let gw: EnforcedGateway;
  let backend: RunningService;
  let backendBase: string;
  const texts = () => slack.requests.map((request) => JSON.parse(String(request.body)).text as string).join('\n\n');

  const chat = async (key: string, model: string) => {
    const response = await fetch(`${gw.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello there' }] }),
    });
    await response.text();
    return response.status;
  };
  const update = async (body: unknown) => {
    const response = await fetch(`${backendBase}/config/update`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    slack = await startRecordingServer();
    const priced = { input_cost_per_token: 0.001, output_cost_per_token: 0.001 };
    const config = buildGatewayConfig(
      {
        model_list: [
          { model_name: 'works', litellm_params: { model: 'mock/works', mock_response: 'fine' }, model_info: priced },
          { model_name: 'slow', litellm_params: { model: 'mock/slow', mock_response: 'late', mock_latency_ms: 150 }, model_info: priced },
          { model_name: 'denied', litellm_params: { model: 'mock/denied', mock_error_status: 401, api_key: UPSTREAM_KEY } },
          { model_name: 'bad-input', litellm_params: { model: 'mock/bad-input', mock_error_status: 400 } },
        ],
        router_settings: { num_retries: 0, cooldown_time: 30 },
        general_settings: { master_key: MASTER, alerting: ['slack'], alerting_threshold: 0.1 },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-gw-alerting-', { env: { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/webhook-secret` }, alerting: true });
    const service = createServiceApp('backend', createLogger('backend', { level: 'silent' }));
    mountManagementApi(service, {
      db: gw.database.db,
      cipher: createCredentialCipher('test-salt-key-0123456789'),
      masterKey: MASTER,
      configDeployments: config.deployments,
      configSections: config.sections,
      storeModelInDb: false,
      publisher: noInvalidationPublisher,
      env: { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/webhook-secret` },
      logger: createLogger('backend', { level: 'silent' }),
    });
    backend = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
    backendBase = `http://127.0.0.1:${backend.port}`;
  });
  afterAll(async () => {
    await backend?.shutdown('test');
    await gw?.close();
    await slack?.close();
  });

  it('alerts on an upstream that refuses our credentials and on the deployment cooling down, never with the credential', async () => {
    expect(await chat(MASTER, 'denied')).toBe(502);
    expect(await chat(MASTER, 'bad-input')).toBe(400);
    await gw.alerts?.alerter.flush();
    const text = texts();
    expect(text).toMatch(/`llm_exceptions`[\s\S]*A call to denied failed: authentication \(answered 502\)/);
    expect(text).toMatch(/`cooldown_deployment`[\s\S]*of denied is cooling down for 30 s/);
    // A client's own bad request is its problem, not the operator's.
    expect(text).not.toContain('A call to bad-input failed');
    expect(text).not.toContain(UPSTREAM_KEY);
    expect(text).not.toContain(MASTER);
    expect(slack.requests.every((request) => request.path === '/services/T0/B0/webhook-secret')).toBe(true);
  });

  it('alerts on a call slower than alerting_threshold', async () => {
    expect(await chat(MASTER, 'slow')).toBe(200);
    await gw.alerts?.alerter.flush();
    expect(texts()).toMatch(/`llm_too_slow`[\s\S]*A call to slow took 0\.[1-9] s \(alerting_threshold 0\.1 s\)/);
  });

  it('alerts once when a key crosses its soft budget and once when it reaches its budget, not on the refusals after', async () => {
    const soft = await gw.newKey({ maxBudget: '100', softBudget: '0.0000001' });
    expect(await chat(soft, 'works')).toBe(200);
    expect(await chat(soft, 'works')).toBe(200);
    const capped = await gw.newKey({ maxBudget: '0.0000001' });
    expect(await chat(capped, 'works')).toBe(200);
    expect(await chat(capped, 'works')).toBe(400);
    expect(await chat(capped, 'works')).toBe(400);
    await gw.alerts?.alerter.flush();
    const text = texts();
    expect(text.match(/crossed its soft budget/g)).toHaveLength(1);
    expect(text.match(/reached its budget/g)).toHaveLength(1);
    // Exact dollars: a budget of a ten-millionth of a dollar reads as one.
    expect(text).toMatch(/reached its budget: \$[0-9.]+ spent of \$0\.0000001;/);
    expect(text).not.toContain(soft);
    expect(text).not.toContain(capped);
    const metrics = await gw.core.metrics.registry.getSingleMetricAsString('switchboard_alerts_total');
    expect(metrics).toMatch(/switchboard_alerts_total\{alert_type="budget_alerts",outcome="sent"\} 2/);
  });

  it('takes alerting settings from /config/update on a running gateway, and refuses ones that cannot work', async () => {
    const bad = await update({ general_settings: { alert_to_webhook_url: { llm_exceptions: 'example-slack-webhook-url' } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/alert_to_webhook_url.llm_exceptions: not an http\(s\) URL/);
    expect((await update({ general_settings: { alert_types: ['llm_explosions'] } })).status).toBe(400);
    expect((await update({ general_settings: { master_key: 'sk-guess' } })).status).toBe(400);

    expect((await update({ general_settings: { alert_types: ['budget_alerts'] } })).status).toBe(200);
    const started = performance.now();
    while (gw.alerts?.alerter.wants('llm_too_slow') && performance.now() - started < 3_000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gw.alerts?.alerter.wants('llm_too_slow')).toBe(false);
    const before = slack.requests.length;
    expect(await chat(MASTER, 'slow')).toBe(200);
    await gw.alerts?.alerter.flush();
    expect(slack.requests.length).toBe(before);

    const callbacks = await (await fetch(`${backendBase}/get/config/callbacks`, { headers: { authorization: `Bearer ${MASTER}` } })).json();
    expect(callbacks.alerts).toEqual([{ name: 'slack', variables: { SLACK_WEBHOOK_URL: `${slack.url}/********` }, active_alerts: ['budget_alerts'], alerts_to_webhook: { budget_alerts: [`${slack.url}/********`] } }]);
    const active = await (await fetch(`${gw.base}/active/callbacks`, { headers: { authorization: `Bearer ${MASTER}` } })).json();
    expect(active).toMatchObject({ alerting: ['slack'], num_alerting: 1 });

    // null: the file's setting applies again.
    expect((await update({ general_settings: { alert_types: null } })).status).toBe(200);
    const again = performance.now();
    while (!gw.alerts?.alerter.wants('llm_too_slow') && performance.now() - again < 3_000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gw.alerts?.alerter.wants('llm_too_slow')).toBe(true);
  });

  it("sends a test alert from /health/services?service=slack (LiteLLM's alerting test), to proxy admins only", async () => {
    const services = (query: string, key = MASTER) => fetch(`${gw.base}/health/services${query}`, { headers: { authorization: `Bearer ${key}` } });
    const before = slack.requests.length;
    const answer = await services('?service=slack');
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body).toMatchObject({ status: 'success', message: 'Mock Slack Alert sent, verify Slack Alert Received on your channel' });
    expect(body.alert_types).toContain('llm_exceptions');
    // One message for the one webhook every type posts to, sent before the answer, naming the types it gets.
    expect(slack.requests.length).toBe(before + 1);
    const text = JSON.parse(String(slack.requests.at(-1)?.body)).text as string;
    expect(text).toContain('Test alert from /health/services');
    expect(text).toContain('budget_alerts');
    expect(text).not.toContain('webhook-secret');
    // A second test is not held back as a repeat of the first.
    expect((await services('?service=slack_budget_alerts')).status).toBe(200);
    expect(slack.requests.length).toBe(before + 2);

    expect((await (await services('')).json()).error).toMatchObject({ message: 'Service must be specified.', param: 'service' });
    expect((await services('?service=pagerduty')).status).toBe(400);
    const unconfigured = await services('?service=langfuse');
    expect(unconfigured.status).toBe(422);
    expect((await unconfigured.json()).error.message).toBe('"langfuse" not in proxy config: general_settings. Unable to test this.');
    const key = await gw.newKey();
    expect((await services('?service=slack', key)).status).toBe(403);
    expect(slack.requests.length).toBe(before + 2);
  });
});
