import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { countPromptTokens } from '@switchboard/providers';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';

const MASTER = 'sk-master-token-counter';
const settled: CallRecord[] = [];
let gateway: RunningService;
let base: string;

beforeAll(async () => {
  const config = buildGatewayConfig(
    {
      // The upstream is never called: the count is made here. An unreachable base proves it.
      model_list: [{ model_name: 'gpt-group', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream', api_base: 'http://127.0.0.1:9/v1' } }],
      general_settings: { master_key: MASTER },
    },
    {},
  );
  const { service } = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), onSettled: (r) => void settled.push(r), env: {} });
  gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  base = `http://127.0.0.1:${gateway.port}`;
});
afterAll(async () => {
  await gateway?.shutdown('test');
});

const count = (body: unknown, key = MASTER) =>
  fetch(`${base}/utils/token_counter`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe("LiteLLM's /utils/token_counter", () => {
  const messages = [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'How many tokens is this sentence, counted the way the model counts them?' },
  ];

  it('counts the messages (or a prompt) as the chat call would send them, without calling the upstream', async () => {
    const answer = await count({ model: 'gpt-group', messages });
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(await answer.json()).toEqual({ total_tokens: countPromptTokens('chat', { messages }), request_model: 'gpt-group', model_used: 'gpt-4o-mini', tokenizer_type: 'openai_tokenizer' });
    const prompt = await (await count({ model: 'gpt-group', prompt: 'Hello there' })).json();
    expect(prompt.total_tokens).toBe(countPromptTokens('completions', { prompt: 'Hello there' }));
    expect(prompt.total_tokens).toBeGreaterThan(0);
    const record = settled.at(-1);
    expect(record).toMatchObject({ route: '/utils/token_counter', modelGroup: 'gpt-group', status: 200, costNanoUsd: 0, attempts: 0 });
  });

  it('refuses a body without messages or prompt, an unknown model and a missing key, in the OpenAI error shape', async () => {
    const empty = await count({ model: 'gpt-group' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
    const unknown = await count({ model: 'nope', messages });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.type).toBe('invalid_request_error');
    expect((await count({ model: 'gpt-group', messages }, 'sk-wrong')).status).toBe(401);
  });
});
