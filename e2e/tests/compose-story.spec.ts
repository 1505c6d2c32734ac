import { expect, test, type Page } from '@playwright/test';
import OpenAI from 'openai';
import { loginWithMasterKey, navTo, refreshUntil, screenshot } from './dashboard-helpers.ts';

/**
 * The whole user story against the composed stack (docker compose, or its local-process twin that
 * e2e/stack/global-setup.ts starts from docker-compose.yml): migrations applied, login, a key created in
 * the dashboard, that key used through the gateway with the official OpenAI SDK against the mock
 * provider, the request visible in Logs and Usage, Prometheus metrics at the gateway.
 */
const base = process.env.E2E_BASE_URL ?? '';
const master = process.env.E2E_MASTER_KEY ?? process.env.SWITCHBOARD_MASTER_KEY ?? '';
const gatewayUrl = process.env.E2E_GATEWAY_URL ?? base.replace(/:\d+$/, ':4000');

test.describe.serial('the composed stack', () => {
  test.skip(base === '', 'E2E_BASE_URL is set by the stack global setup (or by you, for a running docker compose stack)');
  let page: Page;
  let rawKey = '';
  let requestId = '';

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
  });
  test.afterAll(async () => {
    await page?.close();
  });

  test('migrations applied and every service ready behind the single origin', async ({ request }) => {
    const backend = await request.get(`${base}/.well-known/switchboard-ui-config`);
    expect(backend.ok()).toBe(true);
    expect(await backend.json()).toMatchObject({ ready: true });
    const gateway = await request.get(`${base}/health/readiness`);
    expect(gateway.ok()).toBe(true);
    expect((await gateway.json()).dependencies.database.ok).toBe(true);
    // The backend reads tables only the migrations job creates.
    expect((await request.get(`${base}/key/list`, { headers: { authorization: `Bearer ${master}` } })).status()).toBe(200);
  });

  test('log in and create a key in the dashboard', async () => {
    await loginWithMasterKey(page, base, master);
    await navTo(page, 'Virtual Keys');
    await page.getByRole('button', { name: '+ Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a virtual key' });
    await dialog.getByLabel('Key alias').fill(`compose-${Date.now()}`);
    await dialog.getByLabel('Max budget (USD)').fill('5');
    await dialog.getByRole('checkbox', { name: 'mock-gpt' }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const reveal = page.getByRole('dialog', { name: 'Your new virtual key' });
    rawKey = await reveal.getByTestId('raw-key').inputValue();
    expect(rawKey).toMatch(/^sk-/);
    await reveal.getByRole('button', { name: 'Done' }).click();
    await screenshot(page, 'compose-keys');
  });

  test('the key works through the gateway with the official OpenAI SDK, streaming included', async () => {
    const client = new OpenAI({ apiKey: rawKey, baseURL: `${base}/v1`, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello from compose' }] }).withResponse();
    expect(data.choices[0]?.message.content).toContain('Hello from compose');
    requestId = response.headers.get('x-request-id') ?? '';
    expect(Number(response.headers.get('x-switchboard-response-cost'))).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Stream please' }], stream: true })) {
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    expect(streamed).toContain('Stream please');
  });

  test('the request shows in Logs and its cost in Usage', async () => {
    await navTo(page, 'Logs');
    await refreshUntil(page, () => expect(page.getByTestId('logs-table').getByText('mock-gpt').first()).toBeVisible({ timeout: 5_000 }));
    await page.goto(`${base}/ui/logs/?id=${requestId}`);
    await expect(page.getByTestId('log-detail').getByText('mock-gpt').first()).toBeVisible();
    await screenshot(page, 'compose-log-detail');
    await navTo(page, 'Usage');
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('usage-total-spend')).not.toHaveText('$0.00', { timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    await screenshot(page, 'compose-usage');
  });

  test('the gateway exposes Prometheus metrics to the cluster, never through the public origin', async ({ request }) => {
    const text = await (await request.get(`${gatewayUrl}/metrics`)).text();
    expect(text).toMatch(/switchboard_requests_total\{model="mock-gpt",route="\/chat\/completions",status_code="200"\} \d+/);
    expect(text).toContain('switchboard_time_to_first_token_seconds_bucket');
    expect((await request.get(`${base}/metrics`)).status()).toBe(404);
  });
});
