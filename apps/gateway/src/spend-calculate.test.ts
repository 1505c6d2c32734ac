import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { countPromptTokens } from '@switchboard/providers';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

const MASTER = 'sk-master-spend-calculate';
let gateway: RunningService;
let base: string;

beforeAll(async () => {
  const config = buildGatewayConfig(
    {
      // Never called: the price is worked out here. An unreachable base proves it.
      model_list: [
        {
          model_name: 'priced',
          litellm_params: { model: 'openai/my-finetune-2025', api_key: 'sk-upstream', api_base: 'http://127.0.0.1:9/v1' },
          model_info: { input_cost_per_token: 0.000002, output_cost_per_token: 0.00001 },
        },
      ],
      general_settings: { master_key: MASTER },
    },
    {},
  );
  const { service } = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), env: {} });
  gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  base = `http://127.0.0.1:${gateway.port}`;
});
afterAll(async () => {
  await gateway?.shutdown('test');
});

const calculate = (body: unknown) =>
  fetch(`${base}/spend/calculate`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe("LiteLLM's /spend/calculate", () => {
  const messages = [{ role: 'user', content: "Hey, how's it going? Tell me the price of this question." }];

  it("prices a call before it is made: the messages' prompt tokens at the group's input price", async () => {
    const answer = await calculate({ model: 'priced', messages });
    expect(answer.status, await answer.clone().text()).toBe(200);
    const { cost } = (await answer.json()) as { cost: number };
    expect(cost).toBeCloseTo(countPromptTokens('chat', { messages }) * 0.000002, 12);
    expect(cost).toBeGreaterThan(0);
  });

  it("prices an answer already received from its usage, by the group's name or by the upstream model it names", async () => {
    const usage = { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 };
    for (const model of ['priced', 'my-finetune-2025']) {
      const answer = await calculate({ completion_response: { id: 'chatcmpl-1', object: 'chat.completion', model, choices: [], usage } });
      expect(answer.status, await answer.clone().text()).toBe(200);
      expect(((await answer.json()) as { cost: number }).cost).toBeCloseTo(9 * 0.000002 + 12 * 0.00001, 12);
    }
  });

  it('refuses what it cannot price with a 400 naming the field: no model nor answer, a model without messages, an answer without usage, a model not served', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'model'],
      [{ model: 'priced' }, 'messages'],
      [{ completion_response: { model: 'priced' } }, 'completion_response.usage'],
      [{ model: 'not-served', messages }, 'model'],
    ];
    for (const [body, param] of cases) {
      const answer = await calculate(body);
      expect({ body, status: answer.status, param: ((await answer.json()) as { error: { param: string } }).error.param }).toEqual({ body, status: 400, param });
    }
  });
});
