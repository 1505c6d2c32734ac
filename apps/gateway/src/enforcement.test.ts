import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { Admit, CallRecord, KeyVerifier } from '@switchboard/data-plane';
import { archiveAndDeleteKey, createPostgresTestDatabase, findKeyByHash, hashApiKey, insertKey, insertTeam, openDatabase, requirePostgres, type OpenedDatabase, type PostgresTestDatabase } from '@switchboard/db';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';
import { connectState, type GatewayState } from './connect-state.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-enforcement';
const silent = createLogger('test', { level: 'silent' });

describe.skipIf(!pg.available)('gateway enforcement against PostgreSQL', () => {
  let testDb: PostgresTestDatabase;
  let database: OpenedDatabase;
  let state: GatewayState;
  let gateway: RunningService;
  let base: string;
  const settled: CallRecord[] = [];

  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'mock', litellm_params: { model: 'mock/m', mock_response: 'fixed answer' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
        { model_name: 'other', litellm_params: { model: 'mock/o', mock_response: 'other answer' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
        { model_name: 'unpriced', litellm_params: { model: 'mock/u' } },
      ],
      general_settings: { master_key: MASTER },
    },
    {},
  );

  async function newKey(fields: Record<string, unknown> = {}): Promise<string> {
    const rawKey = `sk-test-${randomUUID()}`;
    await insertKey(database.db, { rawKey, ...fields } as Parameters<typeof insertKey>[1]);
    return rawKey;
  }

  const chat = (key: string, body: Record<string, unknown> = {}) =>
    fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2, ...body }),
    });

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    database = openDatabase({ DATABASE_URL: testDb.url }, { logger: silent });
    const env = { DATABASE_URL: testDb.url, SPEND_JOURNAL_DIR: mkdtempSync(join(tmpdir(), 'sb-gw-journal-')), PORT: '0' };
    let current: GatewayState | undefined;
    const verifyKey: KeyVerifier = (token, req) => (current?.verifyKey ? current.verifyKey(token, req) : Promise.resolve(undefined));
    const admit: Admit = (req, call) => (current ? current.admit(req, call) : Promise.resolve(undefined));
    const app = createGatewayApp({ config, logger: silent, verifyKey, admit, onSettled: (r) => { settled.push(r); current?.onSettled?.(r); } });
    state = current = await connectState(env, config, { router: app.router, priceBook: app.priceBook, health: app.service.health }, silent);
    gateway = await runService(app.service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 1000 });
    base = `http://127.0.0.1:${gateway.port}`;
  });

  afterAll(async () => {
    await gateway?.shutdown('test');
    await state?.close();
    await database?.close();
    await testDb?.drop();
  });

  it('accepts a virtual key and refuses unknown, malformed and SQL-laden keys with 401, the malformed ones quickly', async () => {
    const key = await newKey();
    expect((await chat(key)).status).toBe(200);
    // A well-formed unknown key costs one lookup (then it is remembered for a few seconds).
    expect((await chat('sk-unknown-0000000000')).status).toBe(401);
    // Malformed, truncated or SQL-laden keys are refused on their format, before any lookup.
    for (const bad of ['sk-', "sk-' OR 1=1 --", 'not-a-key', `sk-${'a'.repeat(5000)}`, 'sk-abc;drop table keys']) {
      const started = performance.now();
      const res = await chat(bad);
      expect(performance.now() - started).toBeLessThan(200);
      expect(res.status, bad).toBe(401);
    }
  });

  it('refuses blocked and expired keys (401), keys of a blocked team (403) and models outside the key (403)', async () => {
    expect((await chat(await newKey({ blocked: true }))).status).toBe(401);
    expect((await chat(await newKey({ expiresAt: new Date(Date.now() - 1000) }))).status).toBe(401);
    const team = await insertTeam(database.db, { alias: 'blocked-team', blocked: true });
    expect((await chat(await newKey({ teamId: team.id }))).status).toBe(403);
    const res = await chat(await newKey({ models: ['other'] }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('model_not_allowed');
  });

  it('enforces a key rpm limit with 429, Retry-After and x-ratelimit headers', async () => {
    const key = await newKey({ rpmLimit: 3 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await chat(key);
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3);
    expect(statuses).toContain(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses a budgeted key on a model with no known price', async () => {
    const res = await chat(await newKey({ maxBudget: '1' }), { model: 'unpriced' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('model_not_priced');
  });

  it('holds a budget under 200 parallel requests: at least 9 of 10 affordable succeed, spend within one request of it', async () => {
    const probe = await chat(MASTER);
    const cost = Number(probe.headers.get('x-switchboard-response-cost'));
    expect(cost).toBeGreaterThan(0);
    const budget = cost * 10;
    const key = await newKey({ maxBudget: budget.toFixed(10) });
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(key)));
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(9);
    expect(ok).toBeLessThanOrEqual(11);
    expect(results.filter((r) => r.status === 429).length).toBe(200 - ok);
    await state.close();
    const row = await findKeyByHash(database.db, hashApiKey(key));
    const spend = Number(row?.spend);
    expect(spend).toBeGreaterThanOrEqual(budget - cost - 1e-12);
    expect(spend).toBeLessThanOrEqual(budget + cost + 1e-12);
    const result = (await database.db.execute(sql`select count(*)::int as n, coalesce(sum(spend), 0)::text as total from spend_logs where key_hash = ${hashApiKey(key)}`)) as unknown as { rows: { n: number; total: string }[] };
    const summary = result.rows[0] as { n: number; total: string };
    expect(summary.n).toBe(200);
    expect(Number(summary.total)).toBeCloseTo(spend, 9);
  });
});
