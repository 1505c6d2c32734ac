import { spawn } from 'node:child_process';
import { createServer, connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { insertTeam, requirePostgres } from '@switchboard/db';
import { spendRowFromCall } from '@switchboard/spend';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream, sseChunks, writeSse } from './testing/fake-openai-upstream.ts';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-cache';
const PRICES = { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 };

describe.skipIf(!pg.available)('the response cache (local store), through the whole gateway', () => {
  const upstream = new FakeOpenAiUpstream();
  let gw: EnforcedGateway;
  let answerNumber = 0;

  beforeAll(async () => {
    await upstream.start();
    upstream
      .on('/v1/chat/completions', (call, res) => {
        const model = String(call.body.model);
        const content = `answer ${++answerNumber}`;
        const prompt = JSON.stringify(call.body.messages);
        if (prompt.includes('filtered')) return sendJson(res, { ...chatCompletion(model, 'partial'), choices: [{ index: 0, message: { role: 'assistant', content: 'partial' }, finish_reason: 'content_filter' }] });
        if (prompt.includes('fail')) return sendJson(res, { error: { message: 'upstream broke', type: 'server_error' } }, 500);
        if (call.body.stream) {
          if (prompt.includes('break mid-stream')) {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write(`data: ${sseChunks(model, ['half'])[0]}\n\n`);
            res.destroy();
            return;
          }
          return writeSse(res, sseChunks(model, content.split(' ').map((word, i) => (i === 0 ? word : ` ${word}`))));
        }
        sendJson(res, chatCompletion(model, content, { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }));
      })
      .on('/v1/embeddings', (call, res) => sendJson(res, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, answerNumber++] }], model: call.body.model, usage: { prompt_tokens: 3, total_tokens: 3 } }));
    const config = buildGatewayConfig(
      {
        model_list: [
          { model_name: 'gpt-cached', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream-cache-0123456789', api_base: `${upstream.url}/v1` }, model_info: PRICES },
          { model_name: 'embedder', litellm_params: { model: 'openai/text-embedding-3-small', api_key: 'sk-upstream-cache-0123456789', api_base: `${upstream.url}/v1` }, model_info: PRICES },
        ],
        litellm_settings: { cache: true, cache_params: { type: 'local', ttl: 60 } },
        // The failure cases must not cool the deployment down for the others.
        router_settings: { allowed_fails: 1000, num_retries: 0 },
        general_settings: { master_key: MASTER },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-cache-');
  });

  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
  });

  beforeEach(async () => {
    await fetch(`${gw.base}/cache/flushall`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` } });
  });

  const post = (path: string, key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${gw.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const chat = (key: string, prompt: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    post('/v1/chat/completions', key, { model: 'gpt-cached', messages: [{ role: 'user', content: prompt }], ...extra }, headers);
  const contentOf = async (res: Response) => ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content;
  const callsFor = (prompt: string) => upstream.calls.filter((call) => JSON.stringify(call.body.messages ?? '').includes(prompt)).length;

  it('answers a repeated request from the cache: no upstream call, cost 0, the saved cost and cache_hit on the spend row', async () => {
    const key = await gw.newKey();
    const first = await chat(key, 'hello cache');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-switchboard-cache')).toBe('miss');
    const cacheKey = first.headers.get('x-litellm-cache-key');
    expect(cacheKey).toMatch(/^[0-9a-f]{64}$/);
    const content = await contentOf(first);

    // Key order and spelled-out defaults ask the same question.
    const second = await post('/v1/chat/completions', key, { temperature: 1, messages: [{ content: 'hello cache', role: 'user' }], model: 'gpt-cached', user: 'someone' });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-switchboard-cache')).toBe('hit');
    expect(second.headers.get('x-litellm-cache-key')).toBe(cacheKey);
    expect(Number(second.headers.get('x-litellm-response-cost'))).toBe(0);
    expect(await contentOf(second)).toBe(content);
    expect(callsFor('hello cache')).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 50));
    const records = gw.settled.filter((record) => record.cacheKey === cacheKey);
    expect(records.map((record) => [record.cacheHit ?? false, record.costNanoUsd > 0])).toEqual([
      [false, true],
      [true, false],
    ]);
    const row = spendRowFromCall(records[1]!)!;
    expect(row.cacheHit).toBe(true);
    expect(Number(row.spend)).toBe(0);
    expect(Number((row.metadata as { cache_saved_spend: string }).cache_saved_spend)).toBeGreaterThan(0);
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_cache_requests_total\{result="hit"\} [1-9]/);
  });

  it('streams a cached answer in OpenAI chunks (usage chunk when asked), and stores a streamed miss for plain requests', async () => {
    const key = await gw.newKey();
    const stored = await contentOf(await chat(key, 'stream me'));
    const replay = await chat(key, 'stream me', { stream: true, stream_options: { include_usage: true } });
    expect(replay.headers.get('x-switchboard-cache')).toBe('hit');
    expect(replay.headers.get('content-type')).toContain('text/event-stream');
    const text = await replay.text();
    const events = text.split('\n\n').filter(Boolean).map((frame) => frame.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as { object: string; choices: { delta?: { content?: string }; finish_reason: string | null }[]; usage?: { total_tokens: number } });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')).toBe(stored);
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(15);
    expect(callsFor('stream me')).toBe(1);

    // The other way round: a streamed miss, stored once complete, answers a plain request.
    const streamed = await chat(key, 'streamed first', { stream: true });
    expect(streamed.headers.get('x-switchboard-cache')).toBe('miss');
    const streamedText = await streamed.text();
    expect(streamedText).toContain('[DONE]');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const plain = await chat(key, 'streamed first');
    expect(plain.headers.get('x-switchboard-cache')).toBe('hit');
    expect(await contentOf(plain)).toMatch(/^answer \d+$/);
    expect(callsFor('streamed first')).toBe(1);
  });

  it('honours no-cache, no-store, ttl and Cache-Control, and never sends the cache controls upstream', async () => {
    const key = await gw.newKey();
    await chat(key, 'controls', { cache: { 'no-store': true } });
    expect((await chat(key, 'controls')).headers.get('x-switchboard-cache')).toBe('miss');
    expect((await chat(key, 'controls')).headers.get('x-switchboard-cache')).toBe('hit');
    expect((await chat(key, 'controls', { cache: { 'no-cache': true } })).headers.get('x-switchboard-cache')).toBe('miss');
    expect((await chat(key, 'controls', {}, { 'cache-control': 'no-cache' })).headers.get('x-switchboard-cache')).toBe('miss');
    expect(upstream.calls.every((call) => !('cache' in call.body))).toBe(true);

    await chat(key, 'short lived', { cache: { ttl: 0.3 } });
    expect((await chat(key, 'short lived')).headers.get('x-switchboard-cache')).toBe('hit');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await chat(key, 'short lived')).headers.get('x-switchboard-cache')).toBe('miss');
  });

  it('refuses a malformed cache control with a 400 naming the field', async () => {
    const key = await gw.newKey();
    for (const [cache, param] of [
      [{ ttl: 'soon' }, 'cache.ttl'],
      [{ 'no-cache': 'yes' }, 'cache.no-cache'],
      [{ namespace: 5 }, 'cache.namespace'],
      [{ nocache: true }, 'cache.nocache'],
      ['always', 'cache'],
    ] as const) {
      const res = await chat(key, 'bad control', { cache });
      expect(res.status, JSON.stringify(cache)).toBe(400);
      const body = (await res.json()) as { error: { param: string; type: string } };
      expect(body.error.param).toBe(param);
    }
    expect(callsFor('bad control')).toBe(0);
  });

  it('keeps tenants apart: a team shares its answers, another team never receives them', async () => {
    const [teamA, teamB] = await Promise.all([insertTeam(gw.database.db, { alias: 'cache-a' }), insertTeam(gw.database.db, { alias: 'cache-b' })]);
    const [a1, a2, b1] = await Promise.all([gw.newKey({ teamId: teamA.id }), gw.newKey({ teamId: teamA.id }), gw.newKey({ teamId: teamB.id })]);
    const fromA = await chat(a1, 'tenant question');
    const keyA = fromA.headers.get('x-litellm-cache-key');
    expect((await chat(a2, 'tenant question')).headers.get('x-switchboard-cache')).toBe('hit');
    const fromB = await chat(b1, 'tenant question');
    expect(fromB.headers.get('x-switchboard-cache')).toBe('miss');
    expect(fromB.headers.get('x-litellm-cache-key')).not.toBe(keyA);
    // A key without a team is its own scope.
    const [loner1, loner2] = await Promise.all([gw.newKey(), gw.newKey()]);
    await chat(loner1, 'tenant question');
    expect((await chat(loner2, 'tenant question')).headers.get('x-switchboard-cache')).toBe('miss');
    expect(callsFor('tenant question')).toBe(4);
  });

  it('never stores a failed, filtered or broken answer', async () => {
    const key = await gw.newKey();
    expect((await chat(key, 'please fail')).status).toBeGreaterThanOrEqual(500);
    expect((await chat(key, 'please fail')).headers.get('x-switchboard-cache')).not.toBe('hit');
    await chat(key, 'filtered content');
    expect((await chat(key, 'filtered content')).headers.get('x-switchboard-cache')).toBe('miss');
    const broken = await chat(key, 'break mid-stream', { stream: true });
    await broken.text().catch(() => '');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await chat(key, 'break mid-stream', { stream: true })).headers.get('x-switchboard-cache')).toBe('miss');
  });

  it('caches embeddings and /v1/messages, and replays a cached message as Anthropic events', async () => {
    const key = await gw.newKey();
    const first = await post('/v1/embeddings', key, { model: 'embedder', input: 'embed me' });
    const vector = ((await first.json()) as { data: { embedding: number[] }[] }).data[0]?.embedding;
    const second = await post('/v1/embeddings', key, { model: 'embedder', input: 'embed me' });
    expect(second.headers.get('x-switchboard-cache')).toBe('hit');
    expect(((await second.json()) as { data: { embedding: number[] }[] }).data[0]?.embedding).toEqual(vector);

    const message = { model: 'gpt-cached', max_tokens: 50, messages: [{ role: 'user', content: 'anthropic cache' }] };
    const plain = await post('/v1/messages', key, message);
    const body = (await plain.json()) as { type: string; content: { type: string; text: string }[] };
    expect(body.type, JSON.stringify(body)).toBe('message');
    const replay = await post('/v1/messages', key, { ...message, stream: true });
    expect(replay.headers.get('x-switchboard-cache')).toBe('hit');
    const frames = (await replay.text()).split('\n\n').filter(Boolean);
    expect(frames.map((frame) => frame.split('\n')[0])).toEqual(['event: message_start', 'event: content_block_start', 'event: content_block_delta', 'event: content_block_stop', 'event: message_delta', 'event: message_stop']);
    expect(frames[2]).toContain(JSON.stringify(body.content[0]?.text).slice(1, -1));
  });

  it('serves /cache/ping, /cache/delete and /cache/flushall to admins only, with no credential in them', async () => {
    const key = await gw.newKey();
    const res = await chat(key, 'delete me');
    const cacheKey = res.headers.get('x-litellm-cache-key')!;
    expect((await chat(key, 'delete me')).headers.get('x-switchboard-cache')).toBe('hit');
    const admin = { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' };
    expect((await fetch(`${gw.base}/cache/ping`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
    expect((await post('/cache/delete', key, { keys: [cacheKey] })).status).toBe(403);
    const ping = await fetch(`${gw.base}/cache/ping`, { headers: admin });
    const pingBody = (await ping.json()) as { status: string; cache_type: string };
    expect([ping.status, pingBody.status, pingBody.cache_type]).toEqual([200, 'healthy', 'local']);
    expect(JSON.stringify(pingBody)).not.toContain('sk-');
    expect((await fetch(`${gw.base}/cache/delete`, { method: 'POST', headers: admin, body: JSON.stringify({ keys: 'x' }) })).status).toBe(400);
    const deleted = await fetch(`${gw.base}/cache/delete`, { method: 'POST', headers: admin, body: JSON.stringify({ keys: [cacheKey] }) });
    expect(await deleted.json()).toEqual({ status: 'success', deleted: 1 });
    expect((await chat(key, 'delete me')).headers.get('x-switchboard-cache')).toBe('miss');
    const flushed = await fetch(`${gw.base}/cache/flushall`, { method: 'POST', headers: admin });
    expect(((await flushed.json()) as { status: string }).status).toBe('success');
    expect((await chat(key, 'delete me')).headers.get('x-switchboard-cache')).toBe('miss');
  });
});

/** A Redis of the test's own, so it can be stopped mid-traffic. */
async function startOwnRedis(): Promise<{ url: string; stop(): void }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket.end() !== undefined)).on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

describe.skipIf(!pg.available)('the Redis response cache, with hits free of rate limits, and Redis going away mid-traffic', () => {
  const upstream = new FakeOpenAiUpstream();
  let gw: EnforcedGateway;
  let redis: { url: string; stop(): void };

  beforeAll(async () => {
    redis = await startOwnRedis();
    await upstream.start();
    upstream.on('/v1/chat/completions', (call, res) => sendJson(res, chatCompletion(String(call.body.model), 'from upstream')));
    const config = buildGatewayConfig(
      {
        model_list: [{ model_name: 'gpt-r', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream-r-0123456789', api_base: `${upstream.url}/v1` }, model_info: PRICES }],
        // A generous lookup timeout: a loaded CI machine must not turn a hit into a timed-out miss.
        litellm_settings: { cache: true, cache_params: { type: 'redis', url: redis.url, count_hits_in_limits: false, lookup_timeout_ms: 2_000 } },
        general_settings: { master_key: MASTER },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-cache-redis-');
  });

  afterAll(async () => {
    await gw?.close();
    await upstream.stop();
    redis?.stop();
  });

  const chat = (key: string, prompt: string) =>
    fetch(`${gw.base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-r', messages: [{ role: 'user', content: prompt }] }) });

  it('shares answers through Redis; with count_hits_in_limits false a hit passes an exhausted rpm limit', async () => {
    const key = await gw.newKey({ rpmLimit: 1 });
    expect((await chat(key, 'redis question')).headers.get('x-switchboard-cache')).toBe('miss');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < 3; i++) {
      const hit = await chat(key, 'redis question');
      expect([hit.status, hit.headers.get('x-switchboard-cache')]).toEqual([200, 'hit']);
    }
    // A real call still meets the limit.
    expect((await chat(key, 'another redis question')).status).toBe(429);
  });

  it('keeps answering when Redis goes away: lookups become counted misses, never errors', async () => {
    const key = await gw.newKey();
    await chat(key, 'before the outage');
    redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 5; i++) {
      const res = await chat(key, 'before the outage');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-cache')).toBe('miss');
    }
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_cache_requests_total\{result="error"\} [1-9]/);
    expect(metrics).toMatch(/switchboard_cache_failures_total\{operation="lookup"\} [1-9]/);
  });
});
