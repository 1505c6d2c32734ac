import { hash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler } from 'express';
import { HttpError } from '@switchboard/service-kit';
import { credentialToken } from '@switchboard/service-kit';
import type { KeyVerifier, Principal } from '@switchboard/contracts';


export interface AuthenticateOptions {
  masterKey?: string;
  verifyKey?: KeyVerifier;
  /** With no master key and no key verifier the gateway is open (a startup warning says so). */
}

/** One-shot hashing (`crypto.hash`): no Hash object per call, which showed in the gateway's CPU profile. */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/**
 * Whether two strings (hex digests, keys) are equal, in time that does not depend on where they differ (only on
 * whether their lengths do). On strings: the `'buffer'` digest and `timingSafeEqual` cost more per request than the
 * hex digest the key lookup needs anyway (the hash frame held about 3% of the master key's CPU profile).
 */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}


/** Stage 1 of the pipeline: who is calling. Never echoes the presented key. */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  const open = options.masterKey === undefined && options.verifyKey === undefined;
  const masterHash = options.masterKey !== undefined ? sha256Hex(options.masterKey) : undefined;
  // Not async: a key the cache knows is answered without a promise (see KeyVerifier); only a lookup waits.
  return function authenticateRequest(req, _res, next) {
    if (open) {
      req.principal = { kind: 'anonymous' };
      return next();
    }
    const token = credentialToken(req);
    if (token === undefined) {
      return next(new HttpError(401, 'Missing API key: send it as "Authorization: Bearer <key>"', { code: 'missing_api_key' }));
    }
    // One SHA-256 per key and connection: compared with the master key's in constant time, then the virtual key's lookup.
    const { digest, master } = presentedDigest(req, token, masterHash);
    if (master && masterHash !== undefined) {
      req.principal = { kind: 'master', keyHash: masterHash, keyAlias: 'master key' };
      return next();
    }
    let verified: ReturnType<KeyVerifier> | undefined;
    try {
      verified = options.verifyKey?.(token, req, digest);
    } catch (err) {
      return next(err);
    }
    if (verified instanceof Promise) return verified.then((principal) => admitPrincipal(req, principal, next), next);
    admitPrincipal(req, verified, next);
  };
}

/** What the connection's last request presented: its key, that key's digest, and whether it was the master key. */
interface PresentedKey {
  token: string;
  digest: string;
  master: boolean;
}
const PRESENTED = Symbol('presented key');
type KeyedSocket = { [PRESENTED]?: PresentedKey };

/**
 * The presented key's SHA-256 hex and whether it is the master key's, remembered on the connection. A keep-alive
 * client (every SDK's pool, the bench's wrk) sends the same key on each request of a connection, and the digest and
 * its constant-time comparison were about 2.5 µs of every request in the profile. Only the same connection presenting
 * the same key again gets the remembered answer; any other key is hashed and compared as before.
 */
function presentedDigest(req: Request, token: string, masterHash: string | undefined): PresentedKey {
  const socket = req.socket as (Request['socket'] & KeyedSocket) | undefined;
  const last = socket?.[PRESENTED];
  // In constant time: behind a proxy one connection carries many clients' keys, and the last one may be another's.
  if (last !== undefined && sameDigest(last.token, token)) return last;
  const digest = sha256Hex(token);
  const presented = { token, digest, master: masterHash !== undefined && sameDigest(digest, masterHash) };
  if (socket) socket[PRESENTED] = presented;
  return presented;
}

/** A verified key's principal goes on the request; a key nobody knows is LiteLLM's 401. */
function admitPrincipal(req: Request, principal: Principal | undefined, next: NextFunction): void {
  if (!principal) return next(new HttpError(401, 'Invalid API key', { code: 'invalid_api_key' }));
  req.principal = principal;
  next();
}
