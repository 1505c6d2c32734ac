import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import type { DeploymentTarget } from '../provider.ts';
import { startFakeUpstream, type FakeRoute, type FakeUpstream } from '../testing/fake-upstream.ts';
import { fixtureChunks, fixtureJson } from '../testing/fixtures.ts';
import { collect, testContext, testTarget } from '../testing/test-call.ts';
import { expectedBody } from '../testing/upstream-request-schemas.ts';
import { countPromptTokens, countTextTokens } from '../tokens/count-tokens.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.ts';
import { OPENAI_COMPATIBLE_PROVIDERS, type OpenAICompatibleProviderName } from './openai-compatible-providers.ts';

const KEY = 'sk-test-0123456789abcdef';
const chatRequest = { model: 'public-name', messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }] };

let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

/** A fake upstream at the provider's real default base path, and a deployment pointing at it. */
async function serveProvider(provider: OpenAICompatibleProviderName, ...routes: FakeRoute[]) {
  const realBase = OPENAI_COMPATIBLE_PROVIDERS[provider].defaultApiBase ?? 'http://vllm.internal/v1';
  fake = await startFakeUpstream(routes.map((r) => ({ ...r, route: r.route.replace('{base}', new URL(realBase).pathname) })));
  const target: DeploymentTarget = testTarget({ provider, apiBase: fake.base(realBase), apiKey: KEY, model: 'upstream-model' });
  return { adapter: createOpenAICompatibleAdapter(provider, OPENAI_COMPATIBLE_PROVIDERS[provider]), target };
}

describe('openai-compatible: recorded JSON responses', () => {
  it.each([
    ['groq', 'groq/groq-text.json', 'stop', { promptTokens: 45, completionTokens: 607, totalTokens: 652 }],
    ['groq', 'groq/groq-tool-call.json', 'tool_calls', { promptTokens: 218, completionTokens: 15, totalTokens: 233 }],
    ['groq', 'groq/groq-reasoning.json', 'stop', { promptTokens: 17, completionTokens: 649, totalTokens: 666, reasoningTokens: 570 }],
    ['mistral', 'mistral/mistral-text.json', 'stop', { promptTokens: 13, completionTokens: 434, totalTokens: 447 }],
    ['mistral', 'mistral/mistral-tool-call.json', 'tool_calls', { promptTokens: 124, completionTokens: 22, totalTokens: 146 }],
    ['mistral', 'mistral/mistral-usage-raw-live.json', 'stop', { promptTokens: 19, completionTokens: 2, totalTokens: 21, cachedPromptTokens: 0 }],
    ['deepseek', 'deepseek/deepseek-text.json', 'stop', { promptTokens: 22, completionTokens: 93, totalTokens: 115, cachedPromptTokens: 0 }],
    [
      'deepseek',
      'deepseek/deepseek-tool-call.json',
      'tool_calls',
      { promptTokens: 374, completionTokens: 60, totalTokens: 434, cachedPromptTokens: 0, reasoningTokens: 16 },
    ],
    // xAI counts reasoning apart from completion_tokens; ours includes it, so the total still adds up.
    ['xai', 'xai/xai-text.json', 'stop', { promptTokens: 12, completionTokens: 2 + 320, totalTokens: 334, cachedPromptTokens: 2, reasoningTokens: 320 }],
    [
      'xai',
      'xai/xai-tool-call.json',
      'tool_calls',
      { promptTokens: 291, completionTokens: 26 + 189, totalTokens: 506, cachedPromptTokens: 244, reasoningTokens: 189 },
    ],
  ] as const)('%s replays %s', async (provider, file, finishReason, usage) => {
    const recorded = fixtureJson(file);
    const { adapter, target } = await serveProvider(provider, {
      route: 'POST {base}/chat/completions',
      expect: { authorization: `Bearer ${KEY}`, body: expectedBody({ model: 'upstream-model', stream: false }) },
      reply: { json: recorded },
    });
    const result = await adapter.json('chat', chatRequest, target, testContext());
    expect(result.body).toEqual(recorded); // tool calls, reasoning fields and provider extras untouched
    expect((result.body.choices as { finish_reason: string }[])[0]?.finish_reason).toBe(finishReason);
    expect(result.usage).toEqual(usage);
  });

  it('maps the recorded Groq 400 error (issue 10023)', async () => {
    const { adapter, target } = await serveProvider('groq', {
      route: 'POST {base}/chat/completions',
      reply: { status: 400, json: fixtureJson('groq/issue-10023-output-with-tools-error.json') },
    });
    await expect(adapter.json('chat', chatRequest, target, testContext())).rejects.toMatchObject({
      kind: 'bad_request',
      status: 400,
      options: { param: 'response_format' },
    });
  });
});

describe('openai-compatible: recorded streams', () => {
  it.each([
    ['groq', 'groq/groq-tool-call.chunks.txt', 'required', { promptTokens: 210, completionTokens: 15, totalTokens: 225 }],
    ['mistral', 'mistral/mistral-usage-raw-live.chunks.txt', 'absent', { promptTokens: 19, completionTokens: 2, totalTokens: 21, cachedPromptTokens: 0 }],
    ['mistral', 'mistral/mistral-tool-call.chunks.txt', 'absent', { promptTokens: 124, completionTokens: 22, totalTokens: 146 }],
    [
      'deepseek',
      'deepseek/deepseek-tool-call.chunks.txt',
      'required',
      { promptTokens: 374, completionTokens: 61, totalTokens: 435, cachedPromptTokens: 256, reasoningTokens: 17 },
    ],
    [
      'deepseek',
      'deepseek/deepseek-v4-sampling-live.chunks.txt',
      'required',
      { promptTokens: 87, completionTokens: 8, totalTokens: 95, cachedPromptTokens: 0, reasoningTokens: 7 },
    ],
    ['xai', 'xai/xai-text.chunks.txt', 'required', { promptTokens: 12, completionTokens: 1 + 290, totalTokens: 303, cachedPromptTokens: 11, reasoningTokens: 290 }],
    [
      'xai',
      'xai/xai-tool-call.chunks.txt',
      'required',
      { promptTokens: 291, completionTokens: 26 + 196, totalTokens: 513, cachedPromptTokens: 290, reasoningTokens: 196 },
    ],
  ] as const)('%s replays %s', async (provider, file, streamUsage, usage) => {
    const chunks = fixtureChunks(file);
    const { adapter, target } = await serveProvider(provider, {
      route: 'POST {base}/chat/completions',
      expect: { authorization: `Bearer ${KEY}`, body: expectedBody({ model: 'upstream-model', stream: true, streamUsage }) },
      reply: { sse: chunks },
    });
    const events = await collect(await adapter.stream('chat', chatRequest, target, testContext()));
    expect(events.map((e) => e.data)).toEqual(chunks); // nothing added: the upstream reported usage
    expect(events.filter((e) => e.usage).map((e) => e.usage)).toEqual([usage]);
    expect(events.some((e) => e.finished)).toBe(true);
  });

  it('keeps streamed tool calls intact and exposes their arguments as output text', async () => {
    const chunks = fixtureChunks('deepseek/deepseek-tool-call.chunks.txt');
    const { adapter, target } = await serveProvider('deepseek', { route: 'POST {base}/chat/completions', reply: { sse: chunks } });
    const events = await collect(await adapter.stream('chat', chatRequest, target, testContext()));
    const text = events.map((e) => e.text ?? '').join('');
    expect(text).toContain('weather{"location": "San Francisco"}');
    expect(events.at(-1)?.data).toContain('"finish_reason":"tool_calls"');
  });

  it('reads Groq usage from x_groq when the top-level usage is missing', async () => {
    const [first, , last] = fixtureChunks('groq/groq-tool-call.chunks.txt');
    const onlyXGroq = JSON.parse(last ?? '{}') as Record<string, unknown>;
    delete onlyXGroq.usage;
    const { adapter, target } = await serveProvider('groq', { route: 'POST {base}/chat/completions', reply: { sse: [first ?? '', JSON.stringify(onlyXGroq)] } });
    const events = await collect(await adapter.stream('chat', chatRequest, target, testContext()));
    expect(events.find((e) => e.usage)?.usage).toEqual({ promptTokens: 210, completionTokens: 15, totalTokens: 225 });
  });
});

describe('openai-compatible: quirks from the table', () => {
  it('drops parameters the provider rejects, with a warning for each', async () => {
    const { adapter, target } = await serveProvider('groq', {
      route: 'POST {base}/chat/completions',
      expect: { body: expectedBody({ model: 'upstream-model', absent: ['logit_bias', 'logprobs'] }) },
      reply: { json: fixtureJson('groq/groq-text.json') },
    });
    const ctx = testContext();
    await adapter.json('chat', { ...chatRequest, logit_bias: { 42: 1 }, logprobs: true, temperature: 0.2 }, target, ctx);
    expect(ctx.warnings).toEqual([
      "groq does not support 'logprobs'; it was dropped from the request",
      "groq does not support 'logit_bias'; it was dropped from the request",
    ]);
    expect(fake.requests[0]?.json).toMatchObject({ temperature: 0.2 });
  });

  it('counts usage with the tokenizer when a stream reports none (lm_studio, no key)', async () => {
    const chunks = [
      '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"local","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"}}]}',
      '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"local","choices":[{"index":0,"delta":{"content":" there, friend"}}]}',
      '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"local","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
    ];
    const { adapter, target } = await serveProvider('lm_studio', {
      route: 'POST {base}/chat/completions',
      expect: { authorization: 'absent', body: expectedBody({ model: 'upstream-model', stream: true, streamUsage: 'absent' }) },
      reply: { sse: chunks },
    });
    const events = await collect(await adapter.stream('chat', chatRequest, { ...target, apiKey: undefined }, testContext()));
    expect(events.slice(0, 3).map((e) => e.data)).toEqual(chunks);
    const usage = { promptTokens: countPromptTokens('chat', chatRequest), completionTokens: countTextTokens('Hello there, friend'), estimated: true };
    expect(events[3]?.usage).toEqual({ ...usage, totalTokens: usage.promptTokens + usage.completionTokens });
    expect(JSON.parse(events[3]?.data ?? '{}')).toEqual({
      id: 'c1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'local',
      choices: [],
      usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
    });
  });

  it('calls ollama without a key', async () => {
    const { adapter, target } = await serveProvider('ollama', {
      route: 'POST {base}/embeddings',
      expect: { authorization: 'absent' },
      reply: { json: { data: [{ embedding: [1] }], usage: { prompt_tokens: 2, total_tokens: 2 } } },
    });
    const result = await adapter.json('embeddings', { input: 'x' }, { ...target, apiKey: undefined }, testContext());
    expect(result.usage).toEqual({ promptTokens: 2, completionTokens: 0, totalTokens: 2 });
  });

  it('requires api_base for hosted_vllm, with a message naming it', async () => {
    fake = await startFakeUpstream([]);
    const adapter = createOpenAICompatibleAdapter('hosted_vllm', OPENAI_COMPATIBLE_PROVIDERS.hosted_vllm);
    const error = await adapter.json('chat', chatRequest, testTarget({ provider: 'hosted_vllm' }), testContext()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'upstream_unavailable', message: expect.stringContaining('api_base') });
  });

  it('refuses operations the provider does not offer', async () => {
    fake = await startFakeUpstream([]);
    const adapter = createOpenAICompatibleAdapter('perplexity', OPENAI_COMPATIBLE_PROVIDERS.perplexity);
    expect(adapter.supports('embeddings')).toBe(false);
    expect(adapter.supports('chat', true)).toBe(true);
    await expect(adapter.json('embeddings', { input: 'x' }, testTarget(), testContext())).rejects.toMatchObject({ kind: 'unsupported', status: 400 });
    expect(fake.requests).toHaveLength(0);
  });

  it('knows the real default API bases', () => {
    const bases = Object.fromEntries(Object.entries(OPENAI_COMPATIBLE_PROVIDERS).map(([name, p]) => [name, p.defaultApiBase]));
    expect(bases).toEqual({
      groq: 'https://api.groq.com/openai/v1',
      mistral: 'https://api.mistral.ai/v1',
      deepseek: 'https://api.deepseek.com/v1',
      together_ai: 'https://api.together.xyz/v1',
      fireworks_ai: 'https://api.fireworks.ai/inference/v1',
      openrouter: 'https://openrouter.ai/api/v1',
      xai: 'https://api.x.ai/v1',
      perplexity: 'https://api.perplexity.ai',
      cerebras: 'https://api.cerebras.ai/v1',
      hosted_vllm: undefined,
      ollama: 'http://localhost:11434/v1',
      lm_studio: 'http://localhost:1234/v1',
    });
  });
});
