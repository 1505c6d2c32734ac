import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { authenticate, sameDigest, sha256Hex } from './authenticate.ts';

const MASTER = 'sk-master-0123456789';

/** Runs the middleware on a request with these headers; resolves with the principal or the error it passed on. */
function run(handler: ReturnType<typeof authenticate>, headers: Record<string, string>, socket?: object): Promise<{ principal?: unknown; error?: { status: number; code?: string } }> {
  const req = { headers, socket } as unknown as Request;
  return new Promise((resolve) => {
    void handler(req, {} as Response, (err?: unknown) => resolve(err ? { error: err as { status: number; code?: string } } : { principal: req.principal }));
  });
}

describe('sameDigest', () => {
  it('is true only for the same text', () => {
    const a = sha256Hex('a');
    expect(sameDigest(a, sha256Hex('a'))).toBe(true);
    expect(sameDigest(a, sha256Hex('b'))).toBe(false);
    expect(sameDigest(a, `${a.slice(0, -1)}${a.endsWith('0') ? '1' : '0'}`)).toBe(false);
    expect(sameDigest(a, a.slice(1))).toBe(false);
    expect(sameDigest('', '')).toBe(true);
  });

  it('sha256Hex is SHA-256 in hex', () => {
    expect(sha256Hex(MASTER)).toBe(createHash('sha256').update(MASTER).digest('hex'));
  });
});

describe('authenticate', () => {
  const verifyKey = async (_token: string, _req: Request, keyHash: string) => (keyHash === sha256Hex('sk-virtual') ? { kind: 'virtual_key' as const, keyHash } : undefined);
  const handler = authenticate({ masterKey: MASTER, verifyKey });

  it('knows the master key, with its hash and never the key', async () => {
    const { principal } = await run(handler, { authorization: `Bearer ${MASTER}` });
    expect(principal).toEqual({ kind: 'master', keyHash: sha256Hex(MASTER), keyAlias: 'master key' });
  });

  it('hands any other key to the verifier with its hex hash', async () => {
    expect((await run(handler, { 'x-api-key': 'sk-virtual' })).principal).toEqual({ kind: 'virtual_key', keyHash: sha256Hex('sk-virtual') });
  });

  it('refuses a key that is neither, a master key with one character changed, and no key', async () => {
    expect((await run(handler, { authorization: 'Bearer sk-other' })).error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await run(handler, { authorization: `Bearer ${MASTER.slice(0, -1)}X` })).error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await run(handler, {})).error).toMatchObject({ status: 401, code: 'missing_api_key' });
  });

  it('takes a verifier that answers at once or throws at once as it takes one that answers with a promise', async () => {
    const refused = Object.assign(new Error('Key is blocked'), { status: 401, code: 'key_blocked' });
    const atOnce = authenticate({
      masterKey: MASTER,
      verifyKey: (token, _req, keyHash) => {
        if (token === 'sk-blocked') throw refused;
        return token === 'sk-virtual' ? { kind: 'virtual_key', keyHash } : undefined;
      },
    });
    // The principal is there when the handler returns: nothing was waited for.
    const req = { headers: { authorization: 'Bearer sk-virtual' } } as unknown as Request;
    let passed: unknown = 'not yet';
    void atOnce(req, {} as Response, (err?: unknown) => (passed = err));
    expect(passed).toBeUndefined();
    expect(req.principal).toEqual({ kind: 'virtual_key', keyHash: sha256Hex('sk-virtual') });
    expect((await run(atOnce, { authorization: 'Bearer sk-blocked' })).error).toBe(refused);
    expect((await run(atOnce, { authorization: 'Bearer sk-other' })).error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    const rejecting = authenticate({ verifyKey: async () => Promise.reject(refused) });
    expect((await run(rejecting, { authorization: 'Bearer sk-virtual' })).error).toBe(refused);
  });

  it('answers each key on a connection as it would on a new one, whatever the connection presented before', async () => {
    const hashed: string[] = [];
    const seen = authenticate({ masterKey: MASTER, verifyKey: async (token, _req, keyHash) => (hashed.push(token), keyHash === sha256Hex(token) && token === 'sk-virtual' ? { kind: 'virtual_key' as const, keyHash } : undefined) });
    const one = {};
    const other = {};
    const master = { kind: 'master', keyHash: sha256Hex(MASTER), keyAlias: 'master key' };
    expect((await run(seen, { authorization: `Bearer ${MASTER}` }, one)).principal).toEqual(master);
    expect((await run(seen, { authorization: `Bearer ${MASTER}` }, one)).principal).toEqual(master);
    // Another key on the same connection is not the master key, and the one after it is again.
    expect((await run(seen, { authorization: 'Bearer sk-virtual' }, one)).principal).toEqual({ kind: 'virtual_key', keyHash: sha256Hex('sk-virtual') });
    expect((await run(seen, { authorization: `Bearer ${MASTER.slice(0, -1)}X` }, one)).error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await run(seen, { authorization: `Bearer ${MASTER}` }, one)).principal).toEqual(master);
    // A connection that presented the master key lends nothing to another one.
    expect((await run(seen, { authorization: 'Bearer sk-other' }, other)).error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await run(seen, { authorization: 'Bearer sk-virtual' }, one)).principal).toEqual({ kind: 'virtual_key', keyHash: sha256Hex('sk-virtual') });
    expect((await run(seen, { authorization: 'Bearer sk-virtual' }, one)).principal).toEqual({ kind: 'virtual_key', keyHash: sha256Hex('sk-virtual') });
    // Every virtual key is still verified on every request (a blocked key is refused at once): only hashing is saved.
    expect(hashed).toEqual(['sk-virtual', `${MASTER.slice(0, -1)}X`, 'sk-other', 'sk-virtual', 'sk-virtual']);
  });

  it('without a verifier, only the master key passes', async () => {
    const masterOnly = authenticate({ masterKey: MASTER });
    expect((await run(masterOnly, { authorization: `Bearer ${MASTER}` })).principal).toMatchObject({ kind: 'master' });
    expect((await run(masterOnly, { authorization: 'Bearer sk-virtual' })).error).toMatchObject({ status: 401 });
  });
});
