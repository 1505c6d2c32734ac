import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildGatewayConfig } from '@switchboard/config';
import { batches, insertTeam, requirePostgres } from '@switchboard/db';
import { BatchRunner } from '@switchboard/data-plane';
import { createLogger } from '@switchboard/service-kit';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();

/**
 * OpenAI's batches API end to end: every line runs through the call pipeline as the batch's key (its model list,
 * a spend row per line under the batch's request id), answers land in the output and error files in input order,
 * a batch survives its runner (another takes it over when the lease lapses) and stops when cancelled.
 */
describe.skipIf(!pg.available)('batches API (PostgreSQL)', () => {
  let gw: EnforcedGateway;
  const keys: Record<string, string> = {};
  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'm', litellm_params: { model: 'mock/m' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
        { model_name: 'other', litellm_params: { model: 'mock/other' } },
        { model_name: 'emb', litellm_params: { model: 'mock/emb' } },
      ],
      // A batch line is a client's call like any: the guardrails run on it (and on a fan-out's models).
      guardrails: [{ guardrail_name: 'words', litellm_params: { guardrail: 'keywords', mode: 'pre_call', keywords: ['project zeus'], action: 'block', default_on: true } }],
    },
    {},
  );

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-batches-', { batchRunner: { leaseMs: 1_000 } });
    await insertTeam(gw.database.db, { id: 'batch-a' });
    await insertTeam(gw.database.db, { id: 'batch-b' });
    keys.a = await gw.newKey({ teamId: 'batch-a', models: ['m', 'emb'] });
    keys.b = await gw.newKey({ teamId: 'batch-b' });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${gw.base}${path}`, { method, headers: { authorization: `Bearer ${keys[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
  };
  const uploadLines = async (who: string, lines: unknown[], purpose = 'batch') => {
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', new Blob([lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')]), 'input.jsonl');
    const response = await fetch(`${gw.base}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${keys[who]}` }, body: form });
    return (await response.json()).id as string;
  };
  const chatLine = (id: string, model = 'm') => ({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: `hello ${id}` }] } });
  const until = async (who: string, id: string, done: (status: string) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const batch = (await call(who, 'GET', `/v1/batches/${id}`)).body;
      if (done(batch.status)) return batch;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`batch ${id} did not finish`);
  };
  const linesOf = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));

  it('runs every line as the batch key, and writes the output and error files in input order', async () => {
    const zeus = { ...chatLine('four'), body: { model: 'm', messages: [{ role: 'user', content: 'tell me about Project Zeus' }] } };
    const input = await uploadLines('a', [chatLine('one'), chatLine('two', 'other'), '', chatLine('three'), zeus]);
    const made = await call('a', 'POST', '/v1/batches', { input_file_id: input, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { job: 'nightly' } });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ object: 'batch', endpoint: '/v1/chat/completions', input_file_id: input, completion_window: '24h', status: 'validating', request_counts: { total: 4, completed: 0, failed: 0 }, metadata: { job: 'nightly' } });
    const batch = await until('a', made.body.id, (status) => status === 'completed');
    expect(batch.request_counts).toEqual({ total: 4, completed: 2, failed: 2 });
    expect(batch.completed_at).toBeGreaterThanOrEqual(batch.created_at);
    const output = linesOf((await call('a', 'GET', `/v1/files/${batch.output_file_id}/content`)).body);
    expect(output.map((line) => [line.custom_id, line.response.status_code])).toEqual([['one', 200], ['three', 200]]);
    expect(output[0].response.body.choices[0].message.content).toContain('hello one');
    const errors = linesOf((await call('a', 'GET', `/v1/files/${batch.error_file_id}/content`)).body);
    // The key may call m only: the line naming another model is refused as a call of the key's would be.
    expect(errors.map((line) => [line.custom_id, line.response.status_code])).toEqual([['two', 401], ['four', 400]]);
    expect(errors[0].response.body.error.type).toBe('key_model_access_denied');
    expect(errors[1].response.body.error.message).toContain('words');
    expect((await call('a', 'GET', `/v1/files/${batch.output_file_id}`)).body).toMatchObject({ purpose: 'batch_output' });
    // One settled call per line, each a sub-call of the batch's request, priced as any call.
    const [row] = await gw.database.db.select({ requestId: batches.requestId }).from(batches).where(eq(batches.id, batch.id));
    const lineCalls = gw.settled.filter((record) => record.parentRequestId === row?.requestId);
    expect(lineCalls).toHaveLength(4);
    expect(lineCalls.filter((record) => record.status === 200).every((record) => (record.costNanoUsd ?? 0) > 0)).toBe(true);
    // Listed to its team, another team's is no batch at all.
    expect((await call('a', 'GET', '/v1/batches')).body.data.map((listed: { id: string }) => listed.id)).toContain(batch.id);
    expect((await call('b', 'GET', `/v1/batches/${batch.id}`)).status).toBe(404);
    expect((await call('b', 'GET', '/v1/batches')).body.data).toEqual([]);
    expect((await call('a', 'POST', `/v1/batches/${batch.id}/cancel`)).status).toBe(409);
  });

  it('runs embeddings batches too', async () => {
    const input = await uploadLines('a', [{ custom_id: 'e1', method: 'POST', url: '/v1/embeddings', body: { model: 'emb', input: 'hi' } }]);
    const made = await call('a', 'POST', '/v1/batches', { input_file_id: input, endpoint: '/v1/embeddings', completion_window: '24h' });
    const batch = await until('a', made.body.id, (status) => status === 'completed');
    expect(linesOf((await call('a', 'GET', `/v1/files/${batch.output_file_id}/content`)).body)[0].response.body.data[0].object).toBe('embedding');
  });

  it('refuses a bad request at once, and fails a bad input file in validation naming its line, as OpenAI does', async () => {
    const good = await uploadLines('a', [chatLine('x')]);
    const create = (body: Record<string, unknown>, who = 'a') => call(who, 'POST', '/v1/batches', { input_file_id: good, endpoint: '/v1/chat/completions', completion_window: '24h', ...body });
    expect((await create({ completion_window: '48h' })).status).toBe(400);
    expect((await create({ endpoint: '/v1/images/generations' })).status).toBe(400);
    expect((await create({ input_file_id: 'file-nope' })).status).toBe(404);
    expect((await create({}, 'b')).status).toBe(404);
    expect((await create({ surprise: true })).status).toBe(400);
    const notBatch = await uploadLines('a', [chatLine('x')], 'user_data');
    expect((await create({ input_file_id: notBatch })).body.error.param).toBe('input_file_id');
    for (const [lines, fragment] of [
      [['{not json'], 'not valid JSON'],
      [[chatLine('d'), chatLine('d')], 'used twice'],
      [[{ ...chatLine('u'), url: '/v1/embeddings' }], "batch's endpoint"],
      [[{ ...chatLine('s'), body: { model: 'm', stream: true, messages: [] } }], 'cannot stream'],
      [[{ custom_id: 'nm', method: 'POST', url: '/v1/chat/completions', body: { messages: [] } }], 'body.model is required'],
    ] as const) {
      const made = await create({ input_file_id: await uploadLines('a', [...lines]) });
      expect(made.status).toBe(200);
      const failed = await until('a', made.body.id, (status) => status === 'failed');
      expect(failed.errors.data[0].message).toContain(fragment);
      expect(failed.errors.data[0]).toMatchObject({ code: 'invalid_batch_input', line: expect.any(Number) });
      expect(failed.failed_at).toEqual(expect.any(Number));
    }
  });

  it('is taken over when its runner stops renewing the lease, and keeps the lines already answered', async () => {
    const store = gw.state.batches?.store;
    if (!store) throw new Error('no batch store');
    // Stop the gateway's own runner; a "runner" that claims the batch and dies holds it for one lease.
    await gw.batchRunner?.stop();
    const input = await uploadLines('a', [chatLine('p1'), chatLine('p2')]);
    const made = (await call('a', 'POST', '/v1/batches', { input_file_id: input, endpoint: '/v1/chat/completions', completion_window: '24h' })).body;
    const claimed = await store.claim('dead-runner', 1_000);
    expect(claimed?.id).toBe(made.id);
    await store.record(made.id, { lineIndex: 0, failed: false, outcome: { id: 'kept', custom_id: 'p1', response: { status_code: 200, request_id: 'r', body: {} }, error: null } });
    const principalOf = gw.state.batches?.principalOf;
    if (!principalOf) throw new Error('no principal lookup');
    const runner = new BatchRunner(gw.deps, { store, files: gw.deps.files as NonNullable<typeof gw.deps.files>, principalOf, logger: createLogger('test', { level: 'silent' }), pollMs: 100, leaseMs: 1_000 });
    runner.start();
    try {
      const batch = await until('a', made.id, (status) => status === 'completed');
      const output = linesOf((await call('a', 'GET', `/v1/files/${batch.output_file_id}/content`)).body);
      expect(output.map((line) => line.id === 'kept' || line.custom_id)).toEqual([true, 'p2']);
    } finally {
      await runner.stop();
    }
    // Cancelled before any runner takes it: it ends as cancelled, with nothing run.
    const later = (await call('a', 'POST', '/v1/batches', { input_file_id: input, endpoint: '/v1/chat/completions', completion_window: '24h' })).body;
    const cancelling = await call('a', 'POST', `/v1/batches/${later.id}/cancel`);
    expect(cancelling.body).toMatchObject({ status: 'cancelling' });
    const again = new BatchRunner(gw.deps, { store, files: gw.deps.files as NonNullable<typeof gw.deps.files>, principalOf, logger: createLogger('test', { level: 'silent' }), pollMs: 100 });
    again.start();
    try {
      const cancelled = await until('a', later.id, (status) => status === 'cancelled');
      expect(cancelled).toMatchObject({ request_counts: { total: 2, completed: 0, failed: 0 }, output_file_id: null });
    } finally {
      await again.stop();
    }
  });
});
