import { expect, test } from '@playwright/test';
import OpenAI from 'openai';

/**
 * The whole story against the composed stack (docker compose, or its local-process twin started by
 * e2e/stack/global-setup.ts): migrations applied, a key created, used through the gateway with the
 * official OpenAI SDK against the mock provider, the request visible in spend logs and usage, metrics.
 */
const base = process.env.E2E_BASE_URL ?? '';
const master = process.env.E2E_MASTER_KEY ?? process.env.SWITCHBOARD_MASTER_KEY ?? '';

test.describe('the composed stack', () => {
  test.skip(base === '', 'E2E_BASE_URL is set by the stack global setup (or by you, for a running docker compose stack)');

  test('migrations applied and every service ready behind the single origin', async ({ request }) => {
    const backend = await request.get(`${base}/.well-known/switchboard-ui-config`);
    expect(backend.ok()).toBe(true);
    expect(await backend.json()).toMatchObject({ ready: true });
    const gateway = await request.get(`${base}/health/readiness`);
    expect(gateway.ok()).toBe(true);
    expect((await gateway.json()).dependencies.database.ok).toBe(true);
    // The backend can read the tables only the migrations job creates.
    const list = await request.get(`${base}/key/list`, { headers: { authorization: `Bearer ${master}` } });
    expect(list.status()).toBe(200);
  });

  test('a key made through the management API works with the OpenAI SDK, and shows up in spend logs, usage and metrics', async ({ request }) => {
    const created = await request.post(`${base}/key/generate`, { headers: { authorization: `Bearer ${master}` }, data: { key_alias: `e2e-${Date.now()}`, models: ['mock-gpt'], max_budget: 5 } });
    expect(created.status()).toBe(200);
    const { key } = (await created.json()) as { key: string };
    expect(key).toMatch(/^sk-/);

    const client = new OpenAI({ apiKey: key, baseURL: `${base}/v1`, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello from e2e' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    const requestId = response.headers.get('x-request-id');
    expect(Number(response.headers.get('x-switchboard-response-cost'))).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Stream please' }], stream: true })) {
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    expect(streamed.length).toBeGreaterThan(0);

    // Spend rows are written in batches off the request path: wait for the flush.
    await expect
      .poll(async () => {
        const logs = await request.get(`${base}/spend/logs?request_id=${requestId}`, { headers: { authorization: `Bearer ${master}` } });
        const body = (await logs.json()) as { data?: unknown[] };
        return body.data?.length ?? 0;
      }, { timeout: 15_000 })
      .toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    const report = await request.get(`${base}/global/spend/report?group_by=model&start_date=${today}&end_date=${today}`, { headers: { authorization: `Bearer ${master}` } });
    expect(report.status()).toBe(200);
    expect(JSON.stringify(await report.json())).toContain('mock-gpt');

    const metrics = await request.get(`${process.env.E2E_GATEWAY_URL ?? base.replace(/:\d+$/, ':4000')}/metrics`);
    const text = await metrics.text();
    expect(text).toMatch(/switchboard_requests_total\{model="mock-gpt",route="\/chat\/completions",status_code="200"\} \d+/);
    // ...and the public origin never exposes them.
    expect((await request.get(`${base}/metrics`)).status()).toBe(404);
  });
});
