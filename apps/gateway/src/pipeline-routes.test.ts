import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { isPipelineHandler } from '@switchboard/data-plane';
import { REFUSALS, type CallRecord } from '@switchboard/contracts';
import { insertKey, requirePostgres, type OpenedDatabase } from '@switchboard/db';
import type { GatewayCore } from './app.ts';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';
import { FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-pipeline-routes';

type Body = Record<string, unknown> | ((model: string) => FormData);
interface RouteCase {
  /** The path as mounted (`:model` is the Azure SDK's deployment segment). */
  mounted: string;
  /** The route a record names (the canonical path). */
  route: string;
  body: (model: string) => Body;
  anthropic?: boolean;
}

const form = (fields: Record<string, string>) => (model: string) => {
  const data = new FormData();
  data.append('model', model);
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  data.append('file', new Blob([new Uint8Array(16_000)], { type: 'audio/wav' }), 'a.wav');
  return data;
};
const messages = [{ role: 'user', content: 'Hi' }];

/** Every data-plane route that calls a model, each spelling, with a valid request for it. */
const ROUTES: readonly RouteCase[] = [
  ...['/v1', ''].flatMap((prefix): RouteCase[] => [
    { mounted: `${prefix}/chat/completions`, route: '/chat/completions', body: (model) => ({ model, messages, max_tokens: 2 }) },
    { mounted: `${prefix}/completions`, route: '/completions', body: (model) => ({ model, prompt: 'Hi', max_tokens: 2 }) },
    { mounted: `${prefix}/embeddings`, route: '/embeddings', body: (model) => ({ model, input: 'Hi' }) },
    { mounted: `${prefix}/images/generations`, route: '/images/generations', body: (model) => ({ model, prompt: 'a cat' }) },
    { mounted: `${prefix}/moderations`, route: '/moderations', body: (model) => ({ model, input: 'Hi' }) },
    { mounted: `${prefix}/responses`, route: '/responses', body: (model) => ({ model, input: 'Hi' }) },
    { mounted: `${prefix}/audio/speech`, route: '/audio/speech', body: (model) => ({ model, input: 'Hi', voice: 'alloy' }) },
    { mounted: `${prefix}/audio/transcriptions`, route: '/audio/transcriptions', body: () => form({}) },
    { mounted: `${prefix}/audio/translations`, route: '/audio/translations', body: () => form({}) },
    { mounted: `${prefix}/rerank`, route: '/rerank', body: (model) => ({ model, query: 'q', documents: ['a', 'b'] }) },
    { mounted: `${prefix}/messages`, route: '/messages', body: (model) => ({ model, max_tokens: 5, messages }), anthropic: true },
    { mounted: `${prefix}/messages/count_tokens`, route: '/messages/count_tokens', body: (model) => ({ model, messages }), anthropic: true },
  ]),
  { mounted: '/openai/deployments/:deployment/chat/completions', route: '/chat/completions', body: () => ({ messages, max_tokens: 2 }) },
  { mounted: '/openai/deployments/:deployment/completions', route: '/completions', body: () => ({ prompt: 'Hi', max_tokens: 2 }) },
  { mounted: '/openai/deployments/:deployment/embeddings', route: '/embeddings', body: () => ({ input: 'Hi' }) },
  { mounted: '/openai/deployments/:deployment/images/generations', route: '/images/generations', body: () => ({ prompt: 'a cat' }) },
  { mounted: '/utils/token_counter', route: '/utils/token_counter', body: (model) => ({ model, messages }) },
  { mounted: '/utils/transform_request', route: '/utils/transform_request', body: (model) => ({ call_type: 'completion', request_body: { model, messages } }) },
  { mounted: '/spend/calculate', route: '/spend/calculate', body: (model) => ({ model, messages }) },
];

/** Mounted data-plane routes that call no model: listing, probes, metrics, the admin listing. */
// Admin routes that call no model: listings, the response cache's management, the guardrails' list and a
// guardrail applied to a given text (proxy admin only).
const NOT_CALLS = new Set([
  'get /v1/models', 'get /models', 'get /v1/models/:model', 'get /models/:model', 'get /utils/supported_openai_params', 'get /metrics', 'get /routes', 'get /active/callbacks',
  'get /cache/ping', 'post /cache/delete', 'post /cache/flushall', 'get /guardrails/list', 'get /v2/guardrails/list', 'get /guardrails/:guardrail_id/info', 'post /guardrails/apply_guardrail',
  // Files and batches store and read; a batch's lines are model calls, run later through the pipeline as
  // sub-calls by the batch runner (batches-api.test.ts holds them to the key's lists and a spend record per line).
  ...['/v1/files', '/files', '/v1/batches', '/batches'].flatMap((prefix) => [`post ${prefix}`, `get ${prefix}`]),
  ...['/v1/files', '/files'].flatMap((prefix) => [`get ${prefix}/:file_id`, `get ${prefix}/:file_id/content`, `delete ${prefix}/:file_id`]),
  ...['/v1/batches', '/batches'].flatMap((prefix) => [`get ${prefix}/:batch_id`, `post ${prefix}/:batch_id/cancel`]),
]);

describe.skipIf(!pg.available)('every data-plane route goes through the one pipeline (PostgreSQL)', () => {
  let gw: EnforcedGateway;
  let database: OpenedDatabase;
  let core: GatewayCore;
  let upstream: FakeOpenAiUpstream;
  let base: string;
  let settled: CallRecord[] = [];

  async function newKey(fields: Record<string, unknown>): Promise<{ raw: string; hash: string }> {
    const raw = `sk-test-${randomUUID()}`;
    const key = await insertKey(database.db, { rawKey: raw, ...fields } as Parameters<typeof insertKey>[1]);
    return { raw, hash: key.hash };
  }

  /** Rate windows are whole minutes: a case that counts calls in one window starts well inside it. */
  async function awayFromWindowEnd(): Promise<void> {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  }

  function send(route: RouteCase, key: string, model: string): Promise<Response> {
    const body = route.body(model);
    const path = route.mounted.replace(':deployment', model);
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (!(body instanceof Function)) headers['content-type'] = 'application/json';
    return fetch(`${base}${path}`, { method: 'POST', headers, body: body instanceof Function ? body(model) : JSON.stringify(body) });
  }

  beforeAll(async () => {
    upstream = await new FakeOpenAiUpstream().on('/v1/models', (_call, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [] }))).start();
    const prices = { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 };
    const config = buildGatewayConfig(
      {
        model_list: [
          { model_name: 'model-a', litellm_params: { model: 'mock/a', mock_response: 'answer a' }, model_info: prices },
          { model_name: 'model-b', litellm_params: { model: 'mock/b', mock_response: 'answer b' }, model_info: prices },
          // Lends passthrough its key and base URL.
          { model_name: 'openai-pass', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream-pass-0123456789', api_base: upstream.url }, model_info: prices },
        ],
        // model-a never fails here: its fallback runs only when a request simulates a failure.
        router_settings: { fallbacks: [{ 'model-a': ['model-b'] }] },
        general_settings: { master_key: MASTER },
      },
      {},
    );
    gw = await startEnforcedGateway(config, 'sb-gw-journal-');
    ({ core, database, base, settled } = gw);
  });

  afterAll(async () => {
    await gw?.close();
    await upstream?.stop();
  });

  it('walks the mounted routes: every one that calls a model runs the pipeline and has a row in this test', () => {
    // Probes (`/health...`) check deployments for an admin; they answer no client's call and write no spend.
    const mounted = core.service.routes.filter((route) => !NOT_CALLS.has(`${route.method} ${route.path}`) && !(route.method === 'get' && route.path.startsWith('/health')));
    const withoutPipeline = mounted.filter((route) => !core.service.handlersOf(route).some(isPipelineHandler)).map((route) => `${route.method} ${route.path}`);
    expect(withoutPipeline).toEqual([]);
    // Passthrough prefixes (`all /openai{/*rest}`) are walked by the passthrough tests below.
    const untested = mounted.map((route) => `${route.method} ${route.path}`).filter((route) => !route.startsWith('all ') && !ROUTES.some((row) => `post ${row.mounted}` === route));
    expect(untested).toEqual([]);
  });

  for (const route of ROUTES) {
    it(`POST ${route.mounted}: refuses model B, admits two calls of model A, refuses the third with 429 and Retry-After, one spend row per admitted call`, async () => {
      const key = await newKey({ models: ['model-a'], rpmLimit: 2, maxBudget: '1' });
      await awayFromWindowEnd();
      const refused = await send(route, key.raw, 'model-b');
      expect(refused.status).toBe(REFUSALS.model_not_allowed.status);
      const refusal = (await refused.json()) as { type?: string; error: { type: string } };
      if (route.anthropic) expect(refusal.type).toBe('error');
      else expect(refusal.error.type).toBe(REFUSALS.model_not_allowed.type);

      const from = settled.length;
      const answers = [await send(route, key.raw, 'model-a'), await send(route, key.raw, 'model-a')];
      for (const answer of answers) expect(answer.status, await answer.clone().text()).toBe(200);
      await Promise.all(answers.map((answer) => answer.arrayBuffer()));
      const third = await send(route, key.raw, 'model-a');
      expect(third.status).toBe(REFUSALS.rate_limited.status);
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
      await third.arrayBuffer();

      const mine = settled.slice(from).filter((record) => record.principal?.keyHash === key.hash);
      expect(mine.map((record) => ({ route: record.route, modelGroup: record.modelGroup, status: record.status }))).toEqual([
        { route: route.route, modelGroup: 'model-a', status: 200 },
        { route: route.route, modelGroup: 'model-a', status: 200 },
        { route: route.route, modelGroup: 'model-a', status: REFUSALS.rate_limited.status },
      ]);
    });
  }

  const chatTo = (key: string, model: string, extra: Record<string, unknown> = {}) =>
    fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model, messages, max_tokens: 2, ...extra }) });

  it('fans one chat request out to several models: a list in the request\'s order, each a sub-call with its own spend row carrying the parent\'s id', async () => {
    const key = await newKey({ models: ['model-a', 'model-b'] });
    const from = settled.length;
    const res = await chatTo(key.raw, 'model-a, model-b,model-a');
    expect(res.status).toBe(200);
    const answers = (await res.json()) as { model: string; choices: { message: { content: string } }[] }[];
    expect(answers.map((answer) => answer.choices[0]?.message.content)).toEqual(['answer a', 'answer b', 'answer a']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const mine = settled.slice(from).filter((record) => record.principal?.keyHash === key.hash);
    const parent = mine.find((record) => record.parentRequestId === undefined);
    expect(parent).toMatchObject({ requestedModel: 'model-a,model-b,model-a', costNanoUsd: 0, status: 200 });
    const children = mine.filter((record) => record.parentRequestId !== undefined);
    expect(children.map((record) => record.modelGroup).sort()).toEqual(['model-a', 'model-a', 'model-b']);
    expect(children.every((record) => record.parentRequestId === parent?.requestId && record.costNanoUsd > 0 && record.requestId !== parent?.requestId)).toBe(true);
  });

  it('refuses a fan-out with a forbidden, unknown or streamed model before calling any, and holds its limits per model', async () => {
    const key = await newKey({ models: ['model-a'], rpmLimit: 2 });
    const from = settled.length;
    expect((await chatTo(key.raw, 'model-a,model-b')).status).toBe(REFUSALS.model_not_allowed.status);
    expect((await chatTo(MASTER, 'model-a,no-such-model')).status).toBe(REFUSALS.unknown_model.status);
    expect((await chatTo(MASTER, 'model-a,model-b', { stream: true })).status).toBe(400);
    expect((await chatTo(MASTER, 'model-a,,model-b')).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled.slice(from).filter((record) => record.parentRequestId !== undefined)).toEqual([]);
    // Each model of a fan-out is a call against the key's rpm: three of them do not fit in rpm 2.
    const fresh = await newKey({ models: ['model-a'], rpmLimit: 2 });
    await awayFromWindowEnd();
    expect((await chatTo(fresh.raw, 'model-a,model-a,model-a')).status).toBe(REFUSALS.rate_limited.status);
  });

  it('refuses mock_testing_fallbacks to a key that may not use the fallback model, and runs it for one that may', async () => {
    const limited = await newKey({ models: ['model-a'] });
    const refused = await chatTo(limited.raw, 'model-a', { mock_testing_fallbacks: true });
    expect(refused.status).toBe(REFUSALS.model_not_allowed.status);
    expect((await refused.json()).error.message).toContain('model-b');
    const both = await newKey({ models: ['model-a', 'model-b'] });
    const answered = await chatTo(both.raw, 'model-a', { mock_testing_fallbacks: true });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-litellm-attempted-fallbacks')).toBe('1');
    expect(((await answered.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('answer b');
  });

  it("refuses the request's own fallbacks to a key that may not use them, before calling anything, in each of LiteLLM's forms, before any call", async () => {
    const limited = await newKey({ models: ['model-a'] });
    for (const fallbacks of [['model-b'], [{ model: 'model-b', temperature: 0 }], [{ 'model-a': ['model-b'] }]]) {
      const refused = await chatTo(limited.raw, 'model-a', { mock_testing_fallbacks: true, fallbacks });
      expect({ fallbacks, status: refused.status }).toEqual({ fallbacks, status: REFUSALS.model_not_allowed.status });
      const { error } = await refused.json();
      expect(error.message).toContain('"model-b", which this request may fall back to');
      expect(error.param).toBe('fallbacks');
    }
    // Allowed to the primary alone, it is still refused: the fallback could answer any failure of the primary.
    expect((await chatTo(limited.raw, 'model-a', { fallbacks: ['model-b'] })).status).toBe(REFUSALS.model_not_allowed.status);
    const both = await newKey({ models: ['model-a', 'model-b'] });
    const answered = await chatTo(both.raw, 'model-a', { mock_testing_fallbacks: true, fallbacks: ['model-b'] });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-litellm-attempted-fallbacks')).toBe('1');
    expect(((await answered.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('answer b');
  });

  it('refuses every passthrough prefix to a key without passthrough rights', async () => {
    const key = await newKey({ rpmLimit: 100 });
    const prefixes = core.service.routes.filter((route) => route.method === 'all').map((route) => route.path.replace('{/*rest}', ''));
    expect(prefixes.length).toBeGreaterThanOrEqual(6);
    for (const prefix of prefixes) {
      const res = await fetch(`${base}${prefix}/v1/models`, { headers: { authorization: `Bearer ${key.raw}` } });
      expect({ prefix, status: res.status }).toEqual({ prefix, status: REFUSALS.route_not_allowed.status });
    }
    expect(upstream.calls).toHaveLength(0);
  });

  it('holds a passthrough key to its rpm limit and accounts each call with a spend row', async () => {
    const key = await newKey({ rpmLimit: 2, allowedRoutes: ['/openai/*'] });
    await awayFromWindowEnd();
    const from = settled.length;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/openai/v1/models`, { headers: { authorization: `Bearer ${key.raw}` } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, REFUSALS.rate_limited.status]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mine = settled.slice(from).filter((record) => record.principal?.keyHash === key.hash);
    expect(mine.map((record) => ({ route: record.route, status: record.status }))).toEqual([
      { route: '/openai', status: 200 },
      { route: '/openai', status: 200 },
    ]);
  });
});
