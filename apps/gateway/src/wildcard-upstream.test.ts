import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import type { RunningService } from '@switchboard/service-kit';
import { chatCompletion, FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';
import { startTestGateway } from './testing/start-test-gateway.ts';

const MASTER = 'sk-master-wildcard-upstream';

/** Wildcard deployments against a real OpenAI-format upstream: the model sent, the price, per-deployment retries and timeouts. */
describe('wildcard deployments and per-deployment retries through the gateway', () => {
  const upstream = new FakeOpenAiUpstream();
  const settled: CallRecord[] = [];
  let gateway: RunningService;
  let client: Awaited<ReturnType<typeof startTestGateway>>['client'];

  beforeAll(async () => {
    await upstream.start();
    upstream.on('/v1/chat/completions', (call, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(chatCompletion(String(call.body.model), 'hello')));
    });
    upstream.on('/flaky/chat/completions', (_call, res) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'down', type: 'server_error' } }));
    });
    upstream.on('/slow/chat/completions', (call, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(chatCompletion(String(call.body.model), 'late'))), 3_000).unref();
    });
    const started = await startTestGateway(
      [
        { model_name: 'openai/*', litellm_params: { model: 'openai/*', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream' } },
        { model_name: '*', litellm_params: { model: 'openai/*', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream' } },
        { model_name: 'flaky', litellm_params: { model: 'openai/gpt-4o', api_base: `${upstream.url}/flaky`, api_key: 'sk-upstream', num_retries: 2 } },
        { model_name: 'slow', litellm_params: { model: 'openai/gpt-4o', api_base: `${upstream.url}/slow`, api_key: 'sk-upstream', timeout: 0.3 } },
      ],
      { masterKey: MASTER, onSettled: (record) => settled.push(record) },
    );
    gateway = started.gateway;
    client = started.client;
  });

  afterAll(async () => {
    await gateway?.shutdown('test');
    await upstream.stop();
  });

  it("sends the requested model upstream and prices each model at its own table price", async () => {
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    expect(upstream.calls.at(-1)?.body.model).toBe('gpt-4o-mini');
    await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(upstream.calls.at(-1)?.body.model).toBe('gpt-4o');
    // 10 prompt and 5 completion tokens: gpt-4o-mini $0.15/$0.60 per M, gpt-4o $2.50/$10 per M.
    const [mini, full] = settled.slice(-2);
    expect(mini).toMatchObject({ modelGroup: 'openai/gpt-4o-mini', upstreamModel: 'gpt-4o-mini', costNanoUsd: 10 * 150 + 5 * 600 });
    expect(full).toMatchObject({ modelGroup: 'openai/gpt-4o', upstreamModel: 'gpt-4o', costNanoUsd: 10 * 2_500 + 5 * 10_000 });
  });

  it('serves a bare name under "*"', async () => {
    const answer = await client.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Hi' }] });
    expect(answer.choices[0]?.message.content).toBe('hello');
    expect(upstream.calls.at(-1)?.body.model).toBe('gpt-4.1-nano');
  });

  it('lists the price table models a wildcard serves on /v1/models', async () => {
    const ids = (await client.models.list()).data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['openai/gpt-4o', 'openai/gpt-4o-mini', 'gpt-4o', 'flaky', 'slow']));
    expect(ids).not.toContain('*');
  });

  it("retries as the deployment's num_retries says, over the router's 0", async () => {
    const before = upstream.calls.filter((call) => call.path.startsWith('/flaky')).length;
    await expect(client.chat.completions.create({ model: 'flaky', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: expect.any(Number) });
    expect(upstream.calls.filter((call) => call.path.startsWith('/flaky')).length - before).toBe(3);
  });

  it("gives up after the deployment's timeout", async () => {
    const started = performance.now();
    await expect(client.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: expect.any(Number) });
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});
