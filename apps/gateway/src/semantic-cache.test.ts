import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { hashApiKey, lookupSemanticCache, requirePostgres } from '@switchboard/db';
import { createPgliteSocketDatabase } from '@switchboard/db-testing';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const MASTER = 'sk-master-semantic';
const PRICES = { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 };

/** Embeddings that make prompts about the same thing close: one axis per topic word. */
function embed(text: string): number[] {
  const lower = text.toLowerCase();
  return [lower.includes('weather') ? 1 : 0, lower.includes('paris') ? 1 : 0, lower.includes('stock') ? 1 : 0, lower.includes('today') ? 0.2 : 0.1];
}

const configFor = (upstreamUrl: string) =>
  buildGatewayConfig(
    {
      model_list: [
        { model_name: 'gpt-sem', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream-sem-0123456789', api_base: `${upstreamUrl}/v1` }, model_info: PRICES },
        { model_name: 'embedder', litellm_params: { model: 'openai/text-embedding-3-small', api_key: 'sk-upstream-sem-0123456789', api_base: `${upstreamUrl}/v1` }, model_info: PRICES },
      ],
      litellm_settings: { cache: true, cache_params: { type: 'pgvector-semantic', semantic_cache_embedding_model: 'embedder', similarity_threshold: 0.95, semantic_cache_embedding_dimensions: 4, ttl: 60, lookup_timeout_ms: 5_000 } },
      general_settings: { master_key: MASTER },
    },
    {},
  );

describe('the semantic response cache on pgvector (the embedded PGlite with its vector extension)', () => {
  const upstream = new FakeOpenAiUpstream();
  let gw: EnforcedGateway;
  let answers = 0;

  beforeAll(async () => {
    await upstream.start();
    upstream
      .on('/v1/chat/completions', (call, res) => sendJson(res, chatCompletion(String(call.body.model), `answer ${++answers}`)))
      .on('/v1/embeddings', (call, res) => sendJson(res, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: embed(String(call.body.input)) }], model: call.body.model, usage: { prompt_tokens: 4, total_tokens: 4 } }));
    const pglite = await createPgliteSocketDatabase({ pgvector: true });
    gw = await startEnforcedGateway(configFor(upstream.url), 'sb-semantic-', { database: { url: pglite.url, drop: () => pglite.close() } });
  }, 60_000);

  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  const chat = (key: string, prompt: string) =>
    fetch(`${gw.base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-sem', messages: [{ role: 'user', content: prompt }] }) });
  /** The store happens after the answer, off the request path: wait until the key's entry is there. */
  async function stored(key: string, prompt: string): Promise<void> {
    const query = { scope: `key:${hashApiKey(key)}`, modelGroup: 'gpt-sem', namespace: '', embedding: embed(prompt), threshold: 0.99 };
    for (let i = 0; i < 100; i++) {
      if (await lookupSemanticCache(gw.database.db, query)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // What the gateway saw, so a failure here says whether the embedding, the store or only the wait went wrong.
    const failures = (await gw.core.metrics.cacheFailures.get()).values.map(({ labels, value }) => `${String(labels.operation)}: ${value}`);
    const embeddings = gw.settled.filter((record) => record.route === '/embeddings').map((record) => record.status);
    throw new Error(`no semantic cache entry for "${prompt}" (cache failures: ${failures.join(', ') || 'none'}; embedding calls: ${embeddings.join(', ') || 'none'})`);
  }
  const chatCalls = () => upstream.calls.filter((call) => call.path.endsWith('/chat/completions')).length;

  it('answers a similar prompt from the cache with its similarity, a different one upstream; the embedding is an accounted sub-call', async () => {
    const key = await gw.newKey();
    const first = await chat(key, 'What is the weather in Paris today?');
    expect(first.headers.get('x-switchboard-cache')).toBe('miss');
    const answer = ((await first.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content;
    await stored(key, 'What is the weather in Paris today?');

    const similar = await chat(key, 'weather in paris today');
    expect(similar.headers.get('x-switchboard-cache')).toBe('semantic-hit');
    expect(Number(similar.headers.get('x-litellm-semantic-similarity'))).toBeGreaterThanOrEqual(0.95);
    expect(((await similar.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe(answer);
    expect(chatCalls()).toBe(1);

    const other = await chat(key, 'stock prices today');
    expect(other.headers.get('x-switchboard-cache')).toBe('miss');
    expect(chatCalls()).toBe(2);

    // Each lookup's embedding is a child spend row of its request.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const embeddings = gw.settled.filter((record) => record.route === '/embeddings');
    expect(embeddings.length).toBe(3);
    expect(embeddings.every((record) => record.parentRequestId !== undefined && record.costNanoUsd > 0)).toBe(true);
  });

  it('never answers one team from another team\'s entries', async () => {
    const [a, b] = await Promise.all([gw.newKey(), gw.newKey()]);
    // Checked, so that a missing entry below says whether the answer or its store went wrong.
    const first = await chat(a, 'weather in paris for team a');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-switchboard-cache')).toBe('miss');
    await first.arrayBuffer();
    await stored(a, 'weather in paris for team a');
    expect((await chat(b, 'weather in paris for team a')).headers.get('x-switchboard-cache')).toBe('miss');
    expect((await chat(a, 'weather in paris for team a')).headers.get('x-switchboard-cache')).toBe('semantic-hit');
  });
});

const pg = await requirePostgres();

describe.skipIf(!pg.available)('a semantic cache on a PostgreSQL without pgvector', () => {
  it('stops the start with a message naming pgvector', async () => {
    const upstream = await new FakeOpenAiUpstream().start();
    try {
      await expect(startEnforcedGateway(configFor(upstream.url), 'sb-semantic-missing-')).rejects.toThrow(/pgvector/);
    } finally {
      await upstream.stop();
    }
  });
});
