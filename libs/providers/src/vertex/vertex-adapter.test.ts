import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import type { ProviderError } from '../provider-error.ts';
import { startFakeUpstream, type FakeUpstream } from '../testing/fake-upstream.ts';
import { fixtureChunks, fixtureJson } from '../testing/fixtures.ts';
import { collect, testContext, testTarget } from '../testing/test-call.ts';
import { createVertexAdapter } from './vertex-adapter.ts';

// The translation itself is Gemini's (google-generative/), tested through the gemini adapter; these pin
// what Vertex adds: project/location URLs, bearer tokens and service-account credentials.
let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

const chatRequest = { model: 'public', messages: [{ role: 'user', content: 'How many r in strawberry?' }] };
const replay = (file: string) => ({ sse: fixtureChunks(`google/${file}`), done: false });
const parse = (data: string) => JSON.parse(data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[] };

describe('vertex_ai adapter', () => {
  const VERTEX_PATH = '/v1/projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.5-pro';
  const tokenSource = async () => 'ya29.test-access-token-0123456789';

  it('calls the project/location URL with a bearer token and replays google-text.json', async () => {
    fake = await startFakeUpstream([{ route: `POST ${VERTEX_PATH}:generateContent`, expect: { authorization: 'Bearer ya29.test-access-token-0123456789', headers: {} }, reply: { json: fixtureJson('google/google-text.json') } }]);
    const adapter = createVertexAdapter(tokenSource);
    const target = testTarget({ provider: 'vertex_ai', apiBase: fake.base('https://europe-west4-aiplatform.googleapis.com'), model: 'gemini-2.5-pro', apiKey: undefined, params: { vertex_project: 'my-proj', vertex_location: 'europe-west4' } });
    const result = await adapter.json('chat', chatRequest, target, testContext());
    expect(result.usage).toMatchObject({ promptTokens: 9, reasoningTokens: 244 });
    expect(fake.requests[0]?.headers['x-goog-api-key']).toBeUndefined();
  });

  it('streams google-tool-call.chunks.txt with alt=sse', async () => {
    fake = await startFakeUpstream([{ route: `POST ${VERTEX_PATH}:streamGenerateContent?alt=sse`, reply: replay('google-tool-call.chunks.txt') }]);
    const target = testTarget({ provider: 'vertex_ai', apiBase: fake.base('https://europe-west4-aiplatform.googleapis.com'), model: 'gemini-2.5-pro', apiKey: undefined, params: { vertex_project: 'my-proj', vertex_location: 'europe-west4' } });
    const events = await collect(await createVertexAdapter(tokenSource).stream('chat', chatRequest, target, testContext()));
    expect(parse(events.find((e) => e.finished)?.data ?? '').choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('takes the project from vertex_credentials and refuses unreadable credentials without echoing them', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/projects/sa-proj/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent', reply: { json: fixtureJson('google/google-text.json') } }]);
    const base = testTarget({ provider: 'vertex_ai', apiBase: fake.base('https://us-central1-aiplatform.googleapis.com'), model: 'gemini-2.5-pro', apiKey: undefined });
    await createVertexAdapter(tokenSource).json('chat', chatRequest, { ...base, params: { vertex_credentials: JSON.stringify({ project_id: 'sa-proj', client_email: 'a@b', private_key: 'k' }) } }, testContext());
    const error = (await createVertexAdapter(tokenSource).json('chat', chatRequest, { ...base, params: { vertex_project: 'p', vertex_credentials: 'not-json-secret-value' } }, testContext()).catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: 'upstream_unavailable', options: { code: 'deployment_misconfigured' } });
    expect(error.message).not.toContain('not-json-secret-value');
  });
});
