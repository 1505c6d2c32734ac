import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { HttpError } from '@switchboard/service-kit';
import { sha256Hex } from '@switchboard/db';
import { REFUSALS, type KeyContext } from '@switchboard/contracts';
import { authorizeCall, checkKeyUsable, createKeyVerifier, KeyCache, KeyLookupUnavailableError } from './index.ts';

const context = (overrides: Partial<KeyContext> = {}): KeyContext => ({
  principal: { kind: 'virtual_key', keyHash: 'h' },
  blocked: false,
  teamBlocked: false,
  modelLists: [],
  rateScopes: [],
  budgets: [],
  ...overrides,
});

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('KeyCache', () => {
  it('collapses concurrent misses of one key into one load', async () => {
    let loads = 0;
    const cache = new KeyCache({
      load: async () => {
        loads++;
        await new Promise((r) => setTimeout(r, 20));
        return context();
      },
    });
    await Promise.all(Array.from({ length: 50 }, () => cache.get('a')));
    expect(loads).toBe(1);
    await cache.get('a');
    expect(loads).toBe(1);
  });

  it('drops a rotated key built from its successor when the successor changes, and only then', async () => {
    let loads = 0;
    const cache = new KeyCache({ load: async (hash) => (loads++, context(hash === 'old' ? { dependsOn: ['new'] } : {})) });
    await cache.get('old');
    await cache.get('other');
    cache.invalidate('new');
    await cache.get('old');
    await cache.get('other');
    expect(loads).toBe(3);
    cache.invalidate('unrelated');
    await cache.get('old');
    expect(loads).toBe(3);
  });

  it('remembers unknown keys briefly (negative cache), then asks again', async () => {
    const c = clock();
    let loads = 0;
    const cache = new KeyCache({ load: async () => (loads++, undefined), negativeTtlMs: 5_000, now: c.now });
    expect(await cache.get('nope')).toBeUndefined();
    expect(await cache.get('nope')).toBeUndefined();
    expect(loads).toBe(1);
    c.advance(5_001);
    await cache.get('nope');
    expect(loads).toBe(2);
  });

  it('drops an entry on invalidation, and a load racing the invalidation cannot put the old state back', async () => {
    let version = 1;
    let release: () => void = () => {};
    const cache = new KeyCache({
      load: async () => {
        const seen = version;
        await new Promise<void>((r) => (release = r));
        return context({ blocked: seen > 1 });
      },
    });
    const racing = cache.get('k');
    version = 2;
    cache.invalidate('k');
    release();
    expect((await racing)?.blocked).toBe(false);
    const fresh = cache.get('k');
    release();
    expect((await fresh)?.blocked).toBe(true);
  });

  it('is bounded', async () => {
    const cache = new KeyCache({ load: async () => context(), maxEntries: 100 });
    for (let i = 0; i < 1_000; i++) await cache.get(`k${i}`);
    expect(cache.size).toBe(100);
  });

  it('during an outage serves a stale entry for a bounded time only when allowed, else reports unavailable', async () => {
    const c = clock();
    let up = true;
    const load = async () => {
      if (!up) throw new Error('connection refused');
      return context();
    };
    const strict = new KeyCache({ load, ttlMs: 1_000, now: c.now });
    const lenient = new KeyCache({ load, ttlMs: 1_000, staleServeMs: 10_000, now: c.now });
    await strict.get('k');
    await lenient.get('k');
    up = false;
    c.advance(2_000);
    await expect(strict.get('k')).rejects.toBeInstanceOf(KeyLookupUnavailableError);
    expect(await lenient.get('k')).toBeDefined();
    c.advance(10_000);
    await expect(lenient.get('k')).rejects.toBeInstanceOf(KeyLookupUnavailableError);
  });
});

describe('createKeyVerifier', () => {
  it('refuses malformed, truncated and SQL-laden keys without a lookup', async () => {
    const loads: string[] = [];
    const verify = createKeyVerifier(new KeyCache({ load: async (hash: string) => (loads.push(hash), context()) }));
    const req = {} as Request;
    for (const bad of ['', 'sk-', 'sk-short', "sk-' OR 1=1 --", 'sk-abc;drop table keys', `sk-${'a'.repeat(300)}`, 'Bearer sk-aaaaaaaaaa', 'pk-aaaaaaaaaaaa']) {
      expect(await verify(bad, req, sha256Hex(bad)), bad).toBeUndefined();
    }
    expect(loads).toEqual([]);
    expect(await verify('sk-abcdefgh1234', req, sha256Hex('sk-abcdefgh1234'))).toMatchObject({ kind: 'virtual_key' });
    // Looked up by the hash the caller computed once (the key itself is never a cache key).
    expect(loads).toEqual([sha256Hex('sk-abcdefgh1234')]);
  });

  it('answers a key the cache holds at once, checks included, and loads only an unknown or stale one', async () => {
    const c = clock();
    let stored = context();
    let loads = 0;
    const cache = new KeyCache({ load: async () => (loads++, stored), now: c.now, ttlMs: 60_000 });
    const verify = createKeyVerifier(cache, c.now);
    const req = {} as Request;
    expect(verify('sk-abcdefgh1234', req, 'h1')).toBeInstanceOf(Promise);
    expect(await verify('sk-abcdefgh1234', req, 'h1')).toMatchObject({ kind: 'virtual_key' });
    expect(loads).toBe(1);
    const second = {} as Request;
    expect(verify('sk-abcdefgh1234', second, 'h1')).toMatchObject({ kind: 'virtual_key' });
    expect(second.keyContext).toBeDefined();
    // Blocked since: the load after the invalidation refuses it, then the cache refuses it at once; a stale entry is loaded again.
    stored = context({ blocked: true });
    cache.invalidate('h1');
    await expect(Promise.resolve().then(() => verify('sk-abcdefgh1234', req, 'h1'))).rejects.toMatchObject({ code: 'key_blocked' });
    expect(() => verify('sk-abcdefgh1234', req, 'h1')).toThrow(expect.objectContaining({ code: 'key_blocked' }));
    expect(loads).toBe(2);
    c.advance(60_000);
    stored = context();
    expect(await verify('sk-abcdefgh1234', req, 'h1')).toMatchObject({ kind: 'virtual_key' });
    expect(loads).toBe(3);
  });

  it('turns a database outage into a 503, never a 401', async () => {
    const verify = createKeyVerifier(new KeyCache({ load: async () => { throw new Error('down'); } }));
    await expect(verify('sk-abcdefgh1234', {} as Request, sha256Hex('sk-abcdefgh1234'))).rejects.toMatchObject({ status: 503 });
  });
});

describe('checks', () => {
  it("refuses blocked, expired and team-blocked keys with the refusal table's statuses", () => {
    expect(() => checkKeyUsable(context({ blocked: true }), 0)).toThrow(HttpError);
    expect(() => checkKeyUsable(context({ expiresAt: 10 }), 20)).toThrow(expect.objectContaining({ status: REFUSALS.key_expired.status, code: 'key_expired' }));
    expect(() => checkKeyUsable(context({ teamBlocked: true }), 0)).toThrow(expect.objectContaining({ status: REFUSALS.team_blocked.status }));
    expect(() => checkKeyUsable(context({ expiresAt: 30 }), 20)).not.toThrow();
  });

  it('needs every model list (key, team, organization) to allow the model, and the key to allow the route', () => {
    const ctx = context({ modelLists: [['gpt-4o', 'claude'], [], ['gpt-4o']] });
    expect(() => authorizeCall(ctx, 'gpt-4o', '/v1/chat/completions')).not.toThrow();
    expect(() => authorizeCall(ctx, 'claude', '/v1/chat/completions')).toThrow(expect.objectContaining({ status: REFUSALS.model_not_allowed.status, code: 'model_not_allowed' }));
    const routed = context({ principal: { kind: 'virtual_key', allowedRoutes: ['/v1/embeddings', '/v1/chat/*'] } });
    expect(() => authorizeCall(routed, 'x', '/v1/chat/completions')).not.toThrow();
    expect(() => authorizeCall(routed, 'x', '/v1/images/generations')).toThrow(expect.objectContaining({ code: 'route_not_allowed' }));
  });

  it("lets a team's own model through for that team's keys only, the key's own list read by the public name", () => {
    const owner = { id: 'team-a', publicName: 'mine' };
    const group = 'model_name_team-a_mine';
    // The team's list does not name it (a list is what an admin granted), nor need it.
    const member = context({ principal: { kind: 'virtual_key', teamId: 'team-a' }, modelLists: [[], ['gpt-4o'], ['gpt-4o']] });
    expect(() => authorizeCall(member, group, '/v1/chat/completions', [], owner)).not.toThrow();
    const narrowKey = context({ principal: { kind: 'virtual_key', teamId: 'team-a' }, modelLists: [['gpt-4o'], []] });
    expect(() => authorizeCall(narrowKey, group, '/v1/chat/completions', [], owner)).toThrow(expect.objectContaining({ code: 'model_not_allowed' }));
    const namingIt = context({ principal: { kind: 'virtual_key', teamId: 'team-a' }, modelLists: [['mine'], ['gpt-4o']] });
    expect(() => authorizeCall(namingIt, group, '/v1/chat/completions', [], owner)).not.toThrow();
    const otherTeam = context({ principal: { kind: 'virtual_key', teamId: 'team-b' }, modelLists: [[], []] });
    expect(() => authorizeCall(otherTeam, group, '/v1/chat/completions', [], owner)).toThrow(expect.objectContaining({ status: REFUSALS.team_model_not_allowed.status, type: 'team_model_access_denied' }));
    const noTeam = context({ principal: { kind: 'virtual_key' }, modelLists: [[], []] });
    expect(() => authorizeCall(noTeam, group, '/v1/chat/completions', [], owner)).toThrow(expect.objectContaining({ type: 'team_model_access_denied' }));
  });
});
