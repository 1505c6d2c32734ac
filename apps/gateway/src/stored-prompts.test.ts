import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildGatewayConfig } from '@switchboard/config';
import { hashApiKey, requirePostgres } from '@switchboard/db';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';
import { FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const pg = await requirePostgres();
const UPSTREAM_KEY = 'sk-upstream-stored-0123456789';

/** LiteLLM's `store_prompts_in_spend_logs`: each spend row keeps the request and the answer, cut and masked. */
describe.skipIf(!pg.available)('store_prompts_in_spend_logs (PostgreSQL)', () => {
  let upstream: FakeOpenAiUpstream;
  let on: EnforcedGateway;
  let off: EnforcedGateway;

  const modelList = () => [
    { model_name: 'echo-group', litellm_params: { model: 'openai/gpt-4o-mini', api_key: UPSTREAM_KEY, api_base: `${upstream.url}/v1` } },
    { model_name: 'mock-group', litellm_params: { model: 'mock/m', mock_response: 'streamed answer' } },
  ];

  beforeAll(async () => {
    // The upstream echoes its own key in the answer: what reaches the client masked must reach the row masked.
    upstream = await new FakeOpenAiUpstream()
      .on('/v1/chat/completions', (_call, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({ id: 'chatcmpl-stored', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: `your key is ${UPSTREAM_KEY}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } }),
        );
      })
      .start();
    on = await startEnforcedGateway(buildGatewayConfig({ model_list: modelList(), general_settings: { store_prompts_in_spend_logs: true } }, { MAX_STRING_LENGTH_PROMPT_IN_DB: '40' }), 'sb-gw-stored-on-');
    off = await startEnforcedGateway(buildGatewayConfig({ model_list: modelList() }, {}), 'sb-gw-stored-off-');
  });

  afterAll(async () => {
    await on?.close();
    await off?.close();
    await upstream?.stop();
  });

  const chat = (gw: EnforcedGateway, key: string, body: Record<string, unknown>) =>
    fetch(`${gw.base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function rowsOf(gw: EnforcedGateway, raw: string): Promise<{ request_body: unknown; response_body: unknown }[]> {
    for (let i = 0; i < 100; i++) {
      const result = (await gw.database.db.execute(sql`select request_body, response_body from spend_logs where key_hash = ${hashApiKey(raw)}`)) as unknown as { rows: { request_body: unknown; response_body: unknown }[] };
      if (result.rows.length > 0) return result.rows;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no spend row was written');
  }

  it('keeps the request as it went upstream and the answer as the client got it, long text cut, the upstream key masked', async () => {
    const key = await on.newKey();
    const long = `${'a'.repeat(30)}${'b'.repeat(30)}${'c'.repeat(30)}`;
    const answer = await chat(on, key, { model: 'echo-group', messages: [{ role: 'user', content: long }], temperature: 0.3, num_retries: 1 });
    const text = await answer.text();
    expect(answer.status, text).toBe(200);
    expect(text).not.toContain(UPSTREAM_KEY);
    const [row] = await rowsOf(on, key);
    // The router's own control (num_retries) is not part of what went upstream.
    expect(row?.request_body).toEqual({ model: 'echo-group', messages: [{ role: 'user', content: `${'a'.repeat(20)}… (50 characters cut) …${'c'.repeat(20)}` }], temperature: 0.3 });
    // Masked, then cut (41 characters, one past the limit): no part of the key is left on either side of the cut.
    expect(row?.response_body).toMatchObject({ id: 'chatcmpl-stored', choices: [{ message: { content: `your key is ${'*'.repeat(8)}… (1 character cut) …${'*'.repeat(20)}` } }] });
    for (const part of [UPSTREAM_KEY.slice(0, 8), UPSTREAM_KEY.slice(-8)]) expect(JSON.stringify(row)).not.toContain(part);
  });

  it("keeps a stream's answer whole, as one answer", async () => {
    const key = await on.newKey();
    const answer = await chat(on, key, { model: 'mock-group', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    expect(answer.status).toBe(200);
    await answer.text();
    const [row] = await rowsOf(on, key);
    expect(row?.request_body).toEqual({ model: 'mock-group', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    expect(row?.response_body).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'streamed answer' } }] });
  });

  it('keeps neither when the setting is off (the default)', async () => {
    const key = await off.newKey();
    expect((await chat(off, key, { model: 'echo-group', messages: [{ role: 'user', content: 'Hi' }] })).status).toBe(200);
    expect(await rowsOf(off, key)).toEqual([{ request_body: null, response_body: null }]);
  });
});
