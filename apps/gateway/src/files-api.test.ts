import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { insertTeam, insertUser, requirePostgres } from '@switchboard/db';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();

/** OpenAI's files API on the gateway: kept in the database, each file its owner's, every bad upload a clear 4xx. */
describe.skipIf(!pg.available)('files API (PostgreSQL)', () => {
  let gw: EnforcedGateway;
  const keys: Record<string, string> = {};
  const config = buildGatewayConfig({ model_list: [{ model_name: 'm', litellm_params: { model: 'mock/m' } }], general_settings: { max_request_size_mb: 1 } }, {});

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-files-');
    await insertTeam(gw.database.db, { id: 'files-a' });
    await insertTeam(gw.database.db, { id: 'files-b' });
    await insertUser(gw.database.db, { id: 'files-user' });
    keys.a1 = await gw.newKey({ teamId: 'files-a' });
    keys.a2 = await gw.newKey({ teamId: 'files-a' });
    keys.b = await gw.newKey({ teamId: 'files-b' });
    keys.personal = await gw.newKey({ userId: 'files-user' });
    keys.chatOnly = await gw.newKey({ teamId: 'files-a', allowedRoutes: ['/v1/chat/completions'] });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const upload = async (who: string, fields: Record<string, string>, file?: { bytes: Uint8Array<ArrayBuffer> | string; name: string }) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append('file', new Blob([file.bytes]), file.name);
    const response = await fetch(`${gw.base}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${keys[who]}` }, body: form });
    return { status: response.status, body: await response.json() };
  };
  const get = (who: string, path: string, method = 'GET') => fetch(`${gw.base}${path}`, { method, headers: { authorization: `Bearer ${keys[who]}` } });

  it('uploads, lists, retrieves, returns the exact bytes of, and deletes a file', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0x0a, 0x00, 0xff]);
    const made = await upload('a1', { purpose: 'batch' }, { bytes, name: 'input.jsonl' });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ object: 'file', bytes: 10, filename: 'input.jsonl', purpose: 'batch', status: 'processed', expires_at: null });
    expect(made.body.id).toMatch(/^file-[0-9a-f]{32}$/);
    const id = made.body.id as string;
    expect(await (await get('a1', `/v1/files/${id}`)).json()).toEqual(made.body);
    const content = await get('a1', `/v1/files/${id}/content`);
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
    const listed = await (await get('a2', '/v1/files?purpose=batch')).json();
    expect(listed).toMatchObject({ object: 'list', first_id: id, last_id: id, has_more: false });
    expect(listed.data.map((file: { id: string }) => file.id)).toEqual([id]);
    // LiteLLM also serves the routes without /v1.
    expect((await get('a2', `/files/${id}`)).status).toBe(200);
    expect(await (await get('a2', `/v1/files/${id}`, 'DELETE')).json()).toEqual({ id, object: 'file', deleted: true });
    expect((await get('a1', `/v1/files/${id}`)).status).toBe(404);
  });

  it("answers another owner's file as no file at all", async () => {
    const teamFile = (await upload('a1', { purpose: 'user_data' }, { bytes: 'team a', name: 'a.txt' })).body.id as string;
    const personalFile = (await upload('personal', { purpose: 'user_data' }, { bytes: 'mine', name: 'p.txt' })).body.id as string;
    for (const [who, id] of [['b', teamFile], ['personal', teamFile], ['a1', personalFile], ['b', personalFile]] as const) {
      expect((await get(who, `/v1/files/${id}`)).status, `${who} ${id}`).toBe(404);
      expect((await get(who, `/v1/files/${id}/content`)).status).toBe(404);
      expect((await get(who, `/v1/files/${id}`, 'DELETE')).status).toBe(404);
    }
    expect((await (await get('b', '/v1/files')).json()).data).toEqual([]);
    expect((await (await get('personal', '/v1/files')).json()).data.map((file: { id: string }) => file.id)).toEqual([personalFile]);
    // The team's other key reads it: a team's files are the team's.
    expect((await get('a2', `/v1/files/${teamFile}/content`)).status).toBe(200);
  });

  it('pages with limit and after, and sets expires_at from expires_after', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await upload('b', { purpose: 'fine-tune' }, { bytes: `${n}`, name: `${n}.jsonl` })).body.id);
    const first = await (await get('b', '/v1/files?purpose=fine-tune&limit=2')).json();
    expect(first.data.map((file: { id: string }) => file.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const second = await (await get('b', `/v1/files?purpose=fine-tune&limit=2&after=${first.last_id}`)).json();
    expect(second.data.map((file: { id: string }) => file.id)).toEqual([ids[0]]);
    expect(second.has_more).toBe(false);
    const expiring = await upload('b', { purpose: 'batch', 'expires_after[anchor]': 'created_at', 'expires_after[seconds]': '3600' }, { bytes: 'x', name: 'x' });
    expect(expiring.body.expires_at - expiring.body.created_at).toBe(3600);
  });

  it('refuses a bad upload with the right status, and a key whose routes leave the files API out', async () => {
    expect((await upload('a1', { purpose: 'batch' })).status).toBe(400);
    expect((await upload('a1', {}, { bytes: 'x', name: 'x' })).body.error.param).toBe('purpose');
    expect((await upload('a1', { purpose: 'batch_output' }, { bytes: 'x', name: 'x' })).status).toBe(400);
    expect((await upload('a1', { purpose: 'batch', 'expires_after[anchor]': 'created_at', 'expires_after[seconds]': '10' }, { bytes: 'x', name: 'x' })).status).toBe(400);
    expect((await upload('a1', { purpose: 'batch' }, { bytes: new Uint8Array(2 * 1024 * 1024), name: 'big' })).status).toBe(413);
    expect((await get('a1', '/v1/files?limit=0')).status).toBe(400);
    expect((await get('a1', '/v1/files?order=sideways')).status).toBe(400);
    expect((await upload('chatOnly', { purpose: 'batch' }, { bytes: 'x', name: 'x' })).status).toBe(403);
    expect((await get('chatOnly', '/v1/files')).status).toBe(403);
    const nul = await upload('a1', { purpose: 'batch' }, { bytes: 'x', name: 'bad\u0000name.jsonl' });
    expect(nul.status).toBe(200);
    expect(nul.body.filename).toBe('badname.jsonl');
  });
});
