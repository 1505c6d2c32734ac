import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import { startFakeUpstream, type FakeRoute, type FakeUpstream } from '../testing/fake-upstream.ts';
import { fixtureChunks, fixtureJson } from '../testing/fixtures.ts';
import { expectedBody } from '../testing/upstream-request-schemas.ts';
import { collect, collectUntilError, testContext, testTarget } from '../testing/test-call.ts';
import { azureAdapter } from './azure-adapter.ts';

const RESOURCE = 'https://my-resource.openai.azure.com';
const KEY = 'azure-key-0123456789abcdef0123';
const CHAT = 'POST /openai/deployments/gpt-5-nano/chat/completions?api-version=2024-10-21';

let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

async function serve(...routes: FakeRoute[]) {
  fake = await startFakeUpstream(routes);
  return testTarget({ provider: 'azure', apiBase: fake.base(RESOURCE), model: 'gpt-5-nano', apiKey: KEY });
}

const chatRequest = { model: 'public', messages: [{ role: 'user', content: 'Capital of Denmark?' }] };
const filtered = { hate: { filtered: false, severity: 'safe' }, violence: { filtered: true, severity: 'high' }, jailbreak: { filtered: false, detected: false } };

describe('azure adapter', () => {
  it('calls the deployment URL with api-version and the api-key header (no bearer), the body as for OpenAI', async () => {
    const target = await serve({ route: CHAT, expect: { authorization: 'absent', headers: { 'api-key': KEY }, body: expectedBody({ model: 'gpt-5-nano' }) }, reply: { json: fixtureJson('openai/openai-text.json') } });
    const result = await azureAdapter.json('chat', chatRequest, target, testContext());
    expect(result.usage).toMatchObject({ promptTokens: expect.any(Number) });
  });

  it('uses api_version and an Entra ID token (azure_ad_token) when configured', async () => {
    const target = await serve({ route: 'POST /openai/deployments/gpt-5-nano/embeddings?api-version=2025-04-01-preview', expect: { authorization: 'Bearer entra-token-0123456789', headers: {} }, reply: { json: { object: 'list', data: [], usage: { prompt_tokens: 2, total_tokens: 2 } } } });
    await azureAdapter.json('embeddings', { model: 'e', input: 'x' }, { ...target, apiKey: undefined, apiBase: `${target.apiBase}/openai`, params: { api_version: '2025-04-01-preview', azure_ad_token: 'entra-token-0123456789' } }, testContext());
    expect(fake.requests[0]?.headers['api-key']).toBeUndefined();
  });

  it('replays azure-model-router.1.chunks.txt: the prompt_filter_results chunk passes, reasoning tokens in usage', async () => {
    const target = await serve({ route: CHAT, expect: { body: expectedBody({ model: 'gpt-5-nano', stream: true, streamUsage: 'required' }) }, reply: { sse: fixtureChunks('openai/azure-model-router.1.chunks.txt') } });
    const events = await collect(await azureAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.map((e) => e.text ?? '').join('')).toBe('Capital of Denmark.');
    expect(events.filter((e) => e.finished)).toHaveLength(1);
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 15, completionTokens: 78, totalTokens: 93, cachedPromptTokens: 0, reasoningTokens: 64 });
  });

  it('maps a content_filter 400 to content_policy naming the category that tripped', async () => {
    const body = { error: { code: 'content_filter', message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", param: 'prompt', status: 400, innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: filtered } } };
    const target = await serve({ route: CHAT, reply: { status: 400, json: body } });
    await expect(azureAdapter.json('chat', chatRequest, target, testContext())).rejects.toMatchObject({ kind: 'content_policy', status: 400, options: { code: 'content_filter' }, message: expect.stringContaining('violence (high)') });
  });

  it('turns an answer filtered before any output into content_policy; passes partial output through', async () => {
    const answer = (content: string | null) => ({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-5-nano', choices: [{ index: 0, finish_reason: 'content_filter', message: { role: 'assistant', content }, content_filter_results: filtered }], usage: { prompt_tokens: 3, completion_tokens: 0, total_tokens: 3 } });
    const target = await serve({ route: CHAT, reply: { json: answer(null) } });
    await expect(azureAdapter.json('chat', chatRequest, target, testContext())).rejects.toMatchObject({ kind: 'content_policy', message: expect.stringContaining('answer: violence (high)') });
    await fake.close();
    const target2 = await serve({ route: CHAT, reply: { json: answer('Paris is') } });
    const result = await azureAdapter.json('chat', chatRequest, target2, testContext());
    expect((result.body.choices as { finish_reason: string }[])[0]?.finish_reason).toBe('content_filter');
  });

  it('maps 401/429/500 like OpenAI and never echoes the key', async () => {
    const target = await serve({ route: CHAT, reply: { status: 401, json: { error: { code: '401', message: `Access denied due to invalid subscription key ${KEY}.` } } } });
    const error = (await azureAdapter.json('chat', chatRequest, target, testContext()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'authentication' });
    expect(error.message).not.toContain(KEY);
    await fake.close();
    const target2 = await serve({ route: CHAT, reply: { status: 429, headers: { 'retry-after': '3' }, json: { error: { code: '429', message: 'Rate limit' } } } });
    await expect(azureAdapter.json('chat', chatRequest, target2, testContext())).rejects.toMatchObject({ kind: 'rate_limit', options: { retryAfterSeconds: 3 } });
  });

  it('ends a stream cut before [DONE] with a clean error', async () => {
    const target = await serve({ route: CHAT, reply: { sse: fixtureChunks('openai/azure-model-router.1.chunks.txt'), cutAfter: 4 } });
    const { error } = await collectUntilError(await azureAdapter.stream('chat', chatRequest, target, testContext()));
    expect(error).toMatchObject({ kind: 'upstream_error', status: 502 });
  });

  it('says which setting is missing without api_base or a credential', async () => {
    const target = await serve();
    await expect(azureAdapter.json('chat', chatRequest, { ...target, apiBase: undefined }, testContext())).rejects.toMatchObject({ options: { code: 'deployment_misconfigured' }, message: expect.stringContaining('api_base') });
    await expect(azureAdapter.json('chat', chatRequest, { ...target, apiKey: undefined }, testContext())).rejects.toMatchObject({ message: expect.stringContaining('azure_ad_token') });
  });
});
