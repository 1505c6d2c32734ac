import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { requirePostgres } from '@switchboard/db';
import { adapterFor } from '@switchboard/providers';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';
import { FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-transform-request';
const OPENAI_KEY = 'sk-upstream-openai-0123456789';
const ANTHROPIC_KEY = 'sk-ant-upstream-0123456789';
const GEMINI_KEY = 'AIza-upstream-gemini-0123456789';
const EXTRA_SECRET = 'extra-header-secret-0123456789';
const SECRETS = [OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY, EXTRA_SECRET, 'userinfo-pass-0123'];
const messages = [{ role: 'user', content: 'Hi' }];

describe.skipIf(!pg.available)("LiteLLM's /utils/transform_request and /utils/supported_openai_params (PostgreSQL)", () => {
  let gw: EnforcedGateway;
  let upstream: FakeOpenAiUpstream;

  beforeAll(async () => {
    upstream = await new FakeOpenAiUpstream().start();
    const base = new URL(upstream.url);
    const config = buildGatewayConfig(
      {
        model_list: [
          // A base URL with userinfo and a deployment header that holds a secret under a name that says nothing.
          { model_name: 'gpt-group', litellm_params: { model: 'openai/gpt-4o-mini', api_key: OPENAI_KEY, api_base: `${base.protocol}//svc:userinfo-pass-0123@${base.host}/v1`, extra_headers: { 'x-team-route': EXTRA_SECRET } } },
          { model_name: 'claude-group', litellm_params: { model: 'anthropic/claude-3-5-haiku-20241022', api_key: ANTHROPIC_KEY, api_base: upstream.url } },
          { model_name: 'gemini-group', litellm_params: { model: 'gemini/gemini-2.0-flash', api_key: GEMINI_KEY, api_base: upstream.url } },
          { model_name: 'groq-group', litellm_params: { model: 'groq/llama-3.3-70b-versatile', api_key: OPENAI_KEY, api_base: upstream.url } },
          { model_name: 'mixed-group', litellm_params: { model: 'openai/gpt-4o-mini', api_key: OPENAI_KEY, api_base: upstream.url } },
          { model_name: 'mixed-group', litellm_params: { model: 'anthropic/claude-3-5-haiku-20241022', api_key: ANTHROPIC_KEY, api_base: upstream.url } },
          { model_name: 'mock-group', litellm_params: { model: 'mock/echo' } },
        ],
        general_settings: { master_key: MASTER },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-gw-transform-');
  });

  afterAll(async () => {
    await gw?.close();
    await upstream?.stop();
  });

  const transform = (body: unknown, key = MASTER) =>
    fetch(`${gw.base}/utils/transform_request`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const params = (model: string, key = MASTER) => fetch(`${gw.base}/utils/supported_openai_params?model=${encodeURIComponent(model)}`, { headers: { authorization: `Bearer ${key}` } });

  it('shows the OpenAI request a chat call would send, secrets redacted, without calling the upstream', async () => {
    const answer = await transform({ call_type: 'completion', request_body: { model: 'gpt-group', messages, temperature: 0.2, fallbacks: ['claude-group'] } });
    const text = await answer.text();
    expect(answer.status, text).toBe(200);
    const raw = JSON.parse(text);
    expect(raw.raw_request_api_base).toBe(`${new URL(upstream.url).origin}/v1/chat/completions`);
    // The upstream's model name; the router's own controls are not part of what the provider gets.
    expect(raw.raw_request_body).toEqual({ model: 'gpt-4o-mini', messages, temperature: 0.2 });
    expect(raw.raw_request_headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer [redacted]', 'x-team-route': '[redacted]' });
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(upstream.calls).toHaveLength(0);
    const record = gw.settled.at(-1);
    expect(record).toMatchObject({ route: '/utils/transform_request', modelGroup: 'gpt-group', status: 200, costNanoUsd: 0, attempts: 0 });
  });

  it("translates for the provider: Anthropic's Messages body, Gemini's URL with its key redacted, a stream's body", async () => {
    const claude = await (await transform({ call_type: 'acompletion', request_body: { model: 'claude-group', messages: [{ role: 'system', content: 'Be terse.' }, ...messages], stop: 'x' } })).json();
    expect(claude.raw_request_api_base).toBe(`${upstream.url}/v1/messages`);
    expect(claude.raw_request_body).toMatchObject({ model: 'claude-3-5-haiku-20241022', system: [{ type: 'text', text: 'Be terse.' }], stop_sequences: ['x'], max_tokens: 4096 });
    expect(claude.raw_request_headers).toMatchObject({ 'x-api-key': '[redacted]', 'anthropic-version': expect.any(String) });
    const gemini = await transform({ call_type: 'completion', request_body: { model: 'gemini-group', messages, stream: true } });
    const geminiText = await gemini.text();
    expect(gemini.status, geminiText).toBe(200);
    expect(geminiText).not.toContain(GEMINI_KEY);
    const geminiRaw = JSON.parse(geminiText);
    expect(geminiRaw.raw_request_api_base).toContain(':streamGenerateContent');
    expect(geminiRaw.raw_request_body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
    const streamed = await (await transform({ call_type: 'completion', request_body: { model: 'groq-group', messages, stream: true } })).json();
    expect(streamed.raw_request_body).toMatchObject({ model: 'llama-3.3-70b-versatile', stream: true, stream_options: { include_usage: true } });
    const embedding = await (await transform({ call_type: 'aembedding', request_body: { model: 'gpt-group', input: 'Hi' } })).json();
    expect(embedding).toMatchObject({ raw_request_api_base: `${new URL(upstream.url).origin}/v1/embeddings`, raw_request_body: { model: 'gpt-4o-mini', input: 'Hi' } });
    expect(upstream.calls).toHaveLength(0);
  });

  it('shows the OpenAI request the mock provider stands for, at a mock:// address', async () => {
    const answer = await (await transform({ call_type: 'completion', request_body: { model: 'mock-group', messages } })).json();
    expect(answer).toEqual({ raw_request_api_base: 'mock://mock/v1/chat/completions', raw_request_body: { model: 'echo', messages }, raw_request_headers: { 'content-type': 'application/json' } });
  });

  it('refuses what a call would refuse, and a malformed body, in the OpenAI error shape', async () => {
    const restricted = await gw.newKey({ models: ['mock-group'] });
    const denied = await transform({ call_type: 'completion', request_body: { model: 'gpt-group', messages } }, restricted);
    expect(denied.status).toBe(401);
    expect((await transform({ call_type: 'completion', request_body: { model: 'mock-group', messages } }, restricted)).status).toBe(200);
    const cases: [unknown, string | null][] = [
      [{ call_type: 'speech', request_body: { model: 'gpt-group' } }, 'call_type'],
      [{ request_body: { model: 'gpt-group', messages } }, 'call_type'],
      [{ call_type: 'completion' }, 'request_body'],
      [{ call_type: 'completion', request_body: 'gpt-group' }, 'request_body'],
      [{ call_type: 'completion', request_body: { model: 'gpt-group', messages }, extra: 1 }, null],
      [{ call_type: 'completion', request_body: { model: 'gpt-group' } }, 'messages'],
    ];
    for (const [body, param] of cases) {
      const answer = await transform(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const error = (await answer.json()).error;
      expect(error.type).toBe('invalid_request_error');
      if (param !== null) expect(String(error.param)).toContain(param);
    }
    // A client may never point the call elsewhere, here either.
    const smuggled = await transform({ call_type: 'completion', request_body: { model: 'gpt-group', messages, api_base: 'http://attacker.example' } });
    expect(smuggled.status).toBe(400);
    expect((await transform({ call_type: 'completion', request_body: { model: 'nope', messages } })).status).toBe(400);
    expect((await transform({ call_type: 'completion', request_body: { model: 'gpt-group', messages } }, 'sk-wrong')).status).toBe(401);
    expect(upstream.calls).toHaveLength(0);
  });

  it("lists a model's supported OpenAI params from its provider's adapter, for groups, provider/model names and known bare names", async () => {
    const read = async (model: string, key?: string) => {
      const answer = await params(model, key);
      return { status: answer.status, body: (await answer.json()) as { supported_openai_params?: string[]; error?: { message: string; type: string } } };
    };
    expect((await read('gpt-group')).body).toEqual({ supported_openai_params: [...adapterFor('openai').chatParams] });
    const groq = (await read('groq-group')).body.supported_openai_params;
    expect(groq).toEqual([...adapterFor('groq').chatParams]);
    expect(groq).not.toContain('logit_bias');
    const claude = (await read('claude-group')).body.supported_openai_params;
    expect(claude).toEqual(expect.arrayContaining(['tools', 'tool_choice', 'max_tokens', 'temperature', 'stop', 'response_format']));
    expect(claude).not.toContain('n');
    expect(claude).not.toContain('logit_bias');
    // A group routed to two providers: what both take.
    expect((await read('mixed-group')).body.supported_openai_params).toEqual(claude);
    expect((await read('anthropic/claude-3-opus')).body.supported_openai_params).toEqual(claude);
    expect((await read('gpt-4o')).body.supported_openai_params).toEqual([...adapterFor('openai').chatParams]);
    for (const unknown of ['??', 'nope/model', 'anthropic/', '/x']) {
      const answer = await read(unknown);
      expect(answer.status, unknown).toBe(400);
      expect(answer.body.error).toMatchObject({ message: `Could not map model=${unknown}`, code: 'model_not_found' });
    }
    // A key that may not call a group learns nothing of it (its own provider), as if it did not exist.
    const restricted = await gw.newKey({ models: ['mock-group'] });
    expect((await read('claude-group', restricted)).status).toBe(400);
    expect((await read('mock-group', restricted)).status).toBe(200);
    expect((await params('gpt-group', 'sk-wrong')).status).toBe(401);
    const missing = await fetch(`${gw.base}/utils/supported_openai_params`, { headers: { authorization: `Bearer ${MASTER}` } });
    expect(missing.status).toBe(400);
  });
});
