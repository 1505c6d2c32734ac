import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { insertTeam, requirePostgres } from '@switchboard/db';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';
import { chatCompletion, FakeOpenAiUpstream, sseChunks, writeSse } from './testing/fake-openai-upstream.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-mock-response';

/**
 * LiteLLM's `mock_response` from a client: a key (or its team) an admin gave `allow_client_mock_response: true`
 * gets the text as the answer with no upstream call; anyone else's is taken out and the call goes upstream.
 */
describe.skipIf(!pg.available)('a client mock_response', () => {
  const upstream = new FakeOpenAiUpstream();
  let gw: EnforcedGateway;

  const chat = (key: string, body: Record<string, unknown>) =>
    fetch(`${gw.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'real', messages: [{ role: 'user', content: 'Hi' }], ...body }),
    });

  beforeAll(async () => {
    await upstream.start();
    upstream.on('/v1/chat/completions', (call, res) => {
      if (call.body.stream === true) return writeSse(res, sseChunks('gpt-up', ['from', ' upstream']));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(chatCompletion('gpt-up', 'from upstream')));
    });
    const config = buildGatewayConfig(
      {
        model_list: [{ model_name: 'real', litellm_params: { model: 'openai/gpt-up', api_base: `${upstream.url}/v1`, api_key: 'sk-upstream-secret-1234' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }],
        router_settings: { num_retries: 0 },
        general_settings: { master_key: MASTER },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-gw-mock-response-');
  });

  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  beforeEach(() => {
    upstream.calls.length = 0;
  });

  it('answers an allowed key with the text, priced as the model, without calling the upstream; never from or into the cache', async () => {
    const key = await gw.newKey({ metadata: { allow_client_mock_response: true } });
    const answer = await chat(key, { mock_response: 'hello from the mock' });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body.choices[0].message.content).toBe('hello from the mock');
    expect(Number(answer.headers.get('x-litellm-response-cost'))).toBeGreaterThan(0);
    expect(upstream.calls).toHaveLength(0);

    const streamed = await chat(key, { mock_response: 'streamed mock', stream: true });
    expect(streamed.status).toBe(200);
    const text = await streamed.text();
    expect(text).toContain('data: [DONE]');
    expect(text.replace(/"content":"([^"]*)"/g, (_m, piece: string) => `§${piece}§`)).toContain('§streamed');
    expect(upstream.calls).toHaveLength(0);
  });

  it("allows a team's key when the team's metadata has the flag", async () => {
    const team = await insertTeam(gw.database.db, { alias: 'mockers', metadata: { allow_client_mock_response: true } });
    const key = await gw.newKey({ teamId: team.id });
    const answer = await chat(key, { mock_response: 'team mock' });
    expect((await answer.json()).choices[0].message.content).toBe('team mock');
    expect(upstream.calls).toHaveLength(0);
  });

  it("takes it out of anyone else's call, which goes upstream as usual (the master key has no metadata to opt in)", async () => {
    for (const key of [await gw.newKey(), await gw.newKey({ metadata: { allow_client_mock_response: 'yes' } }), MASTER]) {
      const answer = await chat(key, { mock_response: 'should not be used', mock_tool_calls: [{ name: 'x' }] });
      expect(answer.status).toBe(200);
      expect((await answer.json()).choices[0].message.content).toBe('from upstream');
    }
    expect(upstream.calls).toHaveLength(3);
    for (const call of upstream.calls) {
      expect(call.body).not.toHaveProperty('mock_response');
      expect(call.body).not.toHaveProperty('mock_tool_calls');
    }
  });

  it('refuses what an allowed key cannot have: mock_tool_calls, a mock_response that is not text', async () => {
    const key = await gw.newKey({ metadata: { allow_client_mock_response: true } });
    const tools = await chat(key, { mock_tool_calls: [{ name: 'x' }] });
    expect(tools.status).toBe(400);
    expect((await tools.json()).error).toMatchObject({ param: 'mock_tool_calls', code: 'invalid_router_control' });
    const notText = await chat(key, { mock_response: { content: 'x' } });
    expect(notText.status).toBe(400);
    expect((await notText.json()).error).toMatchObject({ param: 'mock_response' });
    expect(upstream.calls).toHaveLength(0);
  });
});
