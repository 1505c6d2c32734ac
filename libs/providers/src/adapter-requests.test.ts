/* Every adapter against the capture (http/capture-upstream-call.ts) and its chatParams (params/openai-chat-params.ts). */
import { describe, expect, it } from 'vitest';
import { captureUpstreamCall } from './http/capture-upstream-call.ts';
import { OPENAI_CHAT_PARAMS } from './params/openai-chat-params.ts';
import { adapterFor, knownProviders } from './registry.ts';
import { createVertexAdapter } from './vertex/vertex-adapter.ts';
import type { DeploymentTarget, ProviderAdapter } from './provider.ts';

/** A value OpenAI takes for each chat field (one choice, a JSON answer, one tool). */
const SAMPLE: Readonly<Record<string, unknown>> = {
  audio: { voice: 'alloy', format: 'wav' }, frequency_penalty: 0.1, function_call: 'auto', functions: [{ name: 'f', parameters: { type: 'object' } }],
  logit_bias: { '50256': -100 }, logprobs: true, max_completion_tokens: 12, max_tokens: 12, modalities: ['text'], n: 1, parallel_tool_calls: true,
  prediction: { type: 'content', content: 'x' }, presence_penalty: 0.1, prompt_cache_key: 'k', reasoning_effort: 'low', response_format: { type: 'json_object' },
  safety_identifier: 's', seed: 7, service_tier: 'auto', stop: ['END'], store: false, stream: false, stream_options: { include_usage: true }, temperature: 0.5,
  tool_choice: 'auto', tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
  top_logprobs: 2, top_p: 0.9, user: 'user-1', verbosity: 'low', web_search_options: {},
};

const TARGETS: Readonly<Record<string, Partial<DeploymentTarget>>> = {
  bedrock: { model: 'anthropic.claude-3-haiku-20240307-v1:0', params: { aws_access_key_id: 'AKIAEXAMPLE0123', aws_secret_access_key: 'secret-example-0123', aws_region_name: 'us-east-1' } },
  vertex_ai: { params: { vertex_project: 'p' } },
  azure: { apiBase: 'https://example.openai.azure.com', params: { api_version: '2024-10-21' } },
};

function targetFor(provider: string): DeploymentTarget {
  return { provider, model: 'some-model', apiKey: 'sk-upstream-0123456789', apiBase: 'http://upstream.invalid/v1', timeoutMs: 5_000, params: {}, ...TARGETS[provider] };
}

const adapterOf = (provider: string): ProviderAdapter => (provider === 'vertex_ai' ? createVertexAdapter(async () => 'vertex-token-0123') : adapterFor(provider));
const chatProviders = knownProviders().filter((provider) => adapterFor(provider).supports('chat'));

describe('captureUpstreamCall', () => {
  it('every adapter with chat builds its request through sendUpstream, and stops there (json and stream)', async () => {
    for (const provider of chatProviders) {
      const adapter = adapterOf(provider);
      const body = { model: 'public-name', messages: [{ role: 'user', content: 'Hi' }] };
      const json = await captureUpstreamCall((ctx) => adapter.json('chat', body, targetFor(provider), ctx), 'r1');
      expect(json, provider).toBeDefined();
      expect(typeof json?.body === 'string' && json.body.includes('Hi'), provider).toBe(true);
      if (!adapter.supports('chat', true)) continue;
      const stream = await captureUpstreamCall((ctx) => adapter.stream('chat', { ...body, stream: true }, targetFor(provider), ctx), 'r2');
      expect(stream?.url, provider).toBeDefined();
    }
  });

  it('passes on what the adapter refuses, and an answer made without a request is undefined', async () => {
    await expect(captureUpstreamCall((ctx) => adapterFor('anthropic').json('chat', { messages: [{ role: 'user', content: 'Hi' }], n: 2 }, targetFor('anthropic'), ctx), 'r3')).rejects.toMatchObject({ status: 400 });
    expect(await captureUpstreamCall(async () => ({ body: {} }), 'r4')).toBeUndefined();
  });
});

describe('chatParams', () => {
  it('lists OpenAI chat fields only, and no adapter drops one it lists (a request with all of them warns of none)', async () => {
    for (const provider of chatProviders) {
      const adapter = adapterOf(provider);
      expect(adapter.chatParams.length, provider).toBeGreaterThan(0);
      expect(adapter.chatParams.every((param) => OPENAI_CHAT_PARAMS.includes(param)), provider).toBe(true);
      const body: Record<string, unknown> = { model: 'public-name', messages: [{ role: 'user', content: 'Hi' }] };
      for (const param of adapter.chatParams) body[param] = SAMPLE[param];
      const warnings: string[] = [];
      const captured = await captureUpstreamCall((ctx) => adapter.json('chat', body, targetFor(provider), { ...ctx, onWarning: (warning) => warnings.push(warning) }), 'r5');
      expect(captured, provider).toBeDefined();
      expect(warnings.filter((warning) => /does not support|cannot take/.test(warning)), provider).toEqual([]);
    }
  });

  it("leaves out what an upstream refuses: an OpenAI-compatible provider's unsupported fields, `n` for one-choice APIs", () => {
    expect(adapterFor('openai').chatParams).toEqual(OPENAI_CHAT_PARAMS);
    expect(adapterFor('groq').chatParams).not.toContain('logit_bias');
    expect(adapterFor('groq').chatParams).toContain('tools');
    for (const provider of ['anthropic', 'bedrock', 'cohere', 'gemini']) {
      expect(adapterFor(provider).chatParams, provider).not.toContain('n');
      expect(adapterFor(provider).chatParams, provider).toContain('max_tokens');
    }
    expect(SAMPLE).toEqual(Object.fromEntries(OPENAI_CHAT_PARAMS.map((param) => [param, SAMPLE[param]])));
  });
});
