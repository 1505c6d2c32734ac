import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKeyByHash, hashApiKey, requirePostgres } from '@switchboard/db';
import { MASTER_KEY, startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Issue 23: SCIM 2.0 provisioning of users and groups (teams), with its own admin-minted token. */
describe.skipIf(!postgres.available)('SCIM 2.0 (PostgreSQL)', () => {
  let h: Harness;
  let scimToken: string;
  let scimTokenId: string;
  const keys: Record<string, string> = {};
  const scim = (method: string, path: string, body?: unknown, key = scimToken) => h.call(method, path, { key, ...(body !== undefined ? { body } : {}), ...(body !== undefined ? { headers: { 'content-type': 'application/scim+json' } } : {}) });

  beforeAll(async () => {
    h = await startHarness();
    for (const [id, role] of [['admin', 'proxy_admin'], ['member', 'internal_user']] as const) {
      keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: role } })).body.key;
    }
    const minted = await h.call('POST', '/scim/token', { key: keys.admin, body: { key_alias: 'okta' } });
    expect(minted.status).toBe(200);
    scimToken = minted.body.token;
    scimTokenId = minted.body.token_id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('only a proxy admin mints a SCIM token; it is stored hashed and does nothing but SCIM', async () => {
    expect((await h.call('POST', '/scim/token', { key: keys.member, body: {} })).status).toBe(403);
    expect(scimTokenId).toBe(hashApiKey(scimToken));
    expect((await h.pool.query('select count(*)::int as n from keys where hash = $1', [scimTokenId])).rows[0].n).toBe(1);
    expect(JSON.stringify((await h.pool.query('select * from keys')).rows)).not.toContain(scimToken);
    for (const [method, path, body] of [
      ['GET', '/key/list', undefined],
      ['GET', '/user/info', undefined],
      ['POST', '/user/new', { user_role: 'proxy_admin' }],
      ['POST', '/key/generate', {}],
      ['POST', '/scim/token', {}],
      ['GET', '/team/list', undefined],
    ] as const) {
      const response = await h.call(method, path, { key: scimToken, ...(body !== undefined ? { body } : {}) });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    // Other credentials are refused by SCIM, in SCIM's error shape: an admin's key, no key, a made-up key.
    for (const [key, status] of [[keys.admin, 403], ['', 401], ['sk-not-a-real-scim-token-000', 401]] as const) {
      const response = await scim('GET', '/scim/v2/Users', undefined, key);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ schemas: [SCIM_ERROR], status: String(status) });
    }
    // The master key may call SCIM.
    expect((await scim('GET', '/scim/v2/Users', undefined, MASTER_KEY)).status).toBe(200);
  });

  it('every SCIM route in /openapi.json refuses the keys of every role, even a proxy admin, and proxy admin is the only role that mints', async () => {
    const document = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const scimPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/scim/'));
    expect(scimPaths.map(([path]) => path).sort()).toEqual(['/scim/token', '/scim/token/delete', '/scim/v2/Groups', '/scim/v2/Groups/{id}', '/scim/v2/Users', '/scim/v2/Users/{id}']);
    for (const [path, methods] of scimPaths) {
      for (const method of Object.keys(methods)) {
        const target = path.replace('{id}', 'admin');
        for (const who of ['admin', 'member']) {
          const response = await h.call(method.toUpperCase(), target, { key: keys[who], body: method === 'get' || method === 'delete' ? undefined : path === '/scim/token/delete' ? { token_id: 'a'.repeat(64) } : {} });
          const expected = path.startsWith('/scim/token') && who === 'admin' ? [200, 400, 404] : [403];
          expect({ method, path, who, status: expected.includes(response.status) }).toEqual({ method, path, who, status: true });
        }
      }
    }
  });

  it('creates, lists, filters, pages, patches and deletes users', async () => {
    const created = await scim('POST', '/scim/v2/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@example.com',
      externalId: '00u-ada',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
      displayName: 'Ada L',
      active: true,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain('application/scim+json');
    expect(created.body).toMatchObject({ id: 'ada@example.com', userName: 'ada@example.com', externalId: '00u-ada', active: true, displayName: 'Ada L', name: { givenName: 'Ada' }, meta: { resourceType: 'User' } });
    const again = await scim('POST', '/scim/v2/Users', { userName: 'ada@example.com' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [SCIM_ERROR], status: '409', scimType: 'uniqueness' });
    await scim('POST', '/scim/v2/Users', { userName: 'bob@example.com', emails: [{ value: 'bob@example.com', type: 'work' }] });

    for (const filter of ['userName eq "ada@example.com"', 'emails[type eq "work"].value eq "ada@example.com"', 'externalId eq "00u-ada"']) {
      const listed = await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent(filter)}`);
      expect(listed.body, filter).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, Resources: [{ id: 'ada@example.com' }] });
    }
    expect((await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "nobody"')}`)).body).toMatchObject({ totalResults: 0, Resources: [] });
    const unsupported = await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName co "a"')}`);
    expect(unsupported.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });

    // admin, member, ada, bob: paging by startIndex/count, including a window that straddles two pages.
    const all = await scim('GET', '/scim/v2/Users?startIndex=1&count=10');
    expect(all.body.totalResults).toBe(4);
    const ids = all.body.Resources.map((user: { id: string }) => user.id);
    const window = await scim('GET', '/scim/v2/Users?startIndex=2&count=2');
    expect(window.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    expect(window.body.Resources.map((user: { id: string }) => user.id)).toEqual(ids.slice(1, 3));

    const patched = await scim('PATCH', '/scim/v2/Users/ada@example.com', {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'name.familyName', value: 'Byron' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'ada.byron@example.com' },
        { op: 'replace', value: { displayName: 'Ada B', title: 'Countess' } },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Ada B', name: { givenName: 'Ada', familyName: 'Byron' }, emails: [{ value: 'ada.byron@example.com' }], active: true });
    expect((await h.call('GET', '/user/info?user_id=ada@example.com')).body.user_info.user_email).toBe('ada.byron@example.com');
    expect(h.logs.join('')).toContain('Switchboard does not keep');

    const replaced = await scim('PUT', '/scim/v2/Users/bob@example.com', { userName: 'bob@example.com', displayName: 'Bob', emails: [{ value: 'bob@example.com' }] });
    expect(replaced.body).toMatchObject({ displayName: 'Bob' });

    expect((await scim('DELETE', '/scim/v2/Users/bob@example.com')).status).toBe(204);
    const gone = await scim('GET', '/scim/v2/Users/bob@example.com');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: [SCIM_ERROR], status: '404' });
  });

  it("deactivating a user blocks their keys at once (outbox events for each), and reactivating unblocks only those", async () => {
    await scim('POST', '/scim/v2/Users', { userName: 'carol@example.com', emails: [{ value: 'carol@example.com' }] });
    const active = (await h.call('POST', '/key/generate', { body: { user_id: 'carol@example.com' } })).body.key as string;
    const adminBlocked = (await h.call('POST', '/key/generate', { body: { user_id: 'carol@example.com', blocked: true } })).body;
    expect((await h.call('GET', '/key/info', { key: active })).status).toBe(200);
    const outboxBefore = (await h.pool.query('select coalesce(max(id), 0)::int as id from outbox')).rows[0].id as number;
    h.published.length = 0;

    const deactivated = await scim('PATCH', '/scim/v2/Users/carol@example.com', { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(deactivated.body).toMatchObject({ active: false });
    // The key as the gateway reads it: blocked, with an outbox event and a pub/sub message for it.
    expect((await findKeyByHash(h.db, hashApiKey(active)))?.blocked).toBe(true);
    const events = (await h.pool.query("select entity_type, entity_id, action from outbox where id > $1 and entity_type = 'key'", [outboxBefore])).rows;
    expect(events).toContainEqual({ entity_type: 'key', entity_id: hashApiKey(active), action: 'update' });
    expect(h.published).toContainEqual({ entityType: 'key', entityId: hashApiKey(active), action: 'update' });
    const refused = await h.call('GET', '/key/info', { key: active });
    expect(refused.status).toBe(401);
    expect((await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "carol@example.com"')}`)).body.Resources[0].active).toBe(false);

    const reactivated = await scim('PATCH', '/scim/v2/Users/carol@example.com', { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(reactivated.body).toMatchObject({ active: true });
    expect((await findKeyByHash(h.db, hashApiKey(active)))?.blocked).toBe(false);
    // The key an admin had blocked stays blocked.
    expect((await findKeyByHash(h.db, adminBlocked.token))?.blocked).toBe(true);

    // PUT with active: false deactivates as well; a key made afterwards, the password and the session are refused too.
    await h.call('POST', '/user/update', { body: { user_id: 'carol@example.com', password: 'carols-password' } });
    const login = await fetch(`${h.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol@example.com', password: 'carols-password' }) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') as string).split(';')[0] as string;
    await scim('PUT', '/scim/v2/Users/carol@example.com', { userName: 'carol@example.com', active: false });
    expect((await findKeyByHash(h.db, hashApiKey(active)))?.blocked).toBe(true);
    expect((await h.call('GET', '/login/session', { key: '', headers: { cookie } })).status).toBe(401);
    const later = (await h.call('POST', '/key/generate', { body: { user_id: 'carol@example.com' } })).body.key as string;
    expect((await h.call('GET', '/key/info', { key: later })).status).toBe(401);
    const relogin = await fetch(`${h.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol@example.com', password: 'carols-password' }) });
    expect(relogin.status).toBe(401);
  });

  it('creates groups as teams, patches their members and name, and deletes them', async () => {
    await scim('POST', '/scim/v2/Users', { userName: 'dan@example.com' });
    await scim('POST', '/scim/v2/Users', { userName: 'eve@example.com' });
    const created = await scim('POST', '/scim/v2/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', externalId: '00g-eng', members: [{ value: 'dan@example.com' }] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ displayName: 'Engineering', externalId: '00g-eng', members: [{ value: 'dan@example.com' }], meta: { resourceType: 'Group' } });
    const team = (await h.call('GET', `/team/info?team_id=${id}`)).body;
    expect(team.team_info ?? team).toMatchObject({ team_alias: 'Engineering' });

    for (const filter of ['displayName eq "Engineering"', 'externalId eq "00g-eng"']) {
      expect((await scim('GET', `/scim/v2/Groups?filter=${encodeURIComponent(filter)}`)).body, filter).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    }
    const missingMember = await scim('POST', '/scim/v2/Groups', { displayName: 'Ghosts', members: [{ value: 'nobody' }] });
    expect(missingMember.body).toMatchObject({ schemas: [SCIM_ERROR], status: '400' });

    const added = await scim('PATCH', `/scim/v2/Groups/${id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'eve@example.com' }] }] });
    expect(added.body.members.map((member: { value: string }) => member.value).sort()).toEqual(['dan@example.com', 'eve@example.com']);
    expect((await scim('GET', '/scim/v2/Users/eve@example.com')).body.groups).toEqual([{ value: id, display: 'Engineering' }]);

    const removed = await scim('PATCH', `/scim/v2/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'remove', path: 'members[value eq "dan@example.com"]' },
        { op: 'replace', value: { displayName: 'Platform' } },
      ],
    });
    expect(removed.body).toMatchObject({ displayName: 'Platform', members: [{ value: 'eve@example.com' }] });
    expect((await h.pool.query('select user_id from team_memberships where team_id = $1', [id])).rows).toEqual([{ user_id: 'eve@example.com' }]);

    expect((await scim('DELETE', `/scim/v2/Groups/${id}`)).status).toBe(204);
    expect((await scim('GET', `/scim/v2/Groups/${id}`)).status).toBe(404);
  });

  it("deactivation takes the user's row before their keys' rows, as the spend flush does, so the two cannot deadlock", async () => {
    await scim('POST', '/scim/v2/Users', { userName: 'dora@example.com', emails: [{ value: 'dora@example.com' }] });
    const key = (await h.call('POST', '/key/generate', { body: { user_id: 'dora@example.com' } })).body.key as string;
    // A spend flush's order: the user's counters first (held open here), then the key's.
    const flush = await h.pool.connect();
    try {
      await flush.query('begin');
      await flush.query('select 1 from users where id = $1 for update', ['dora@example.com']);
      const deactivating = scim('PATCH', '/scim/v2/Users/dora@example.com', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] });
      // Until the PATCH waits on a lock (the user's row, with the fix; the key's row was already taken without it).
      for (let i = 0; (await h.pool.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")).rows[0].n === 0; i++) {
        if (i > 200) throw new Error('the PATCH never waited for a lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Without the order, this waits for the PATCH's key lock while the PATCH waits for ours: a deadlock.
      await flush.query("set local lock_timeout = '3s'");
      await flush.query('update keys set spend = spend where hash = $1', [hashApiKey(key)]);
      await flush.query('commit');
      const deactivated = await deactivating;
      expect(deactivated.status).toBe(200);
      expect(deactivated.body).toMatchObject({ active: false });
      expect((await findKeyByHash(h.db, hashApiKey(key)))?.blocked).toBe(true);
    } finally {
      await flush.query('rollback').catch(() => undefined);
      flush.release();
    }
  });

  it('a revoked SCIM token is refused', async () => {
    expect((await h.call('POST', '/scim/token/delete', { key: keys.member, body: { token_id: scimTokenId } })).status).toBe(403);
    expect((await h.call('POST', '/scim/token/delete', { key: keys.admin, body: { token_id: scimTokenId } })).status).toBe(200);
    expect((await scim('GET', '/scim/v2/Users')).status).toBe(401);
  });
});
