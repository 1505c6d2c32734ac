import type { Request } from 'express';
import type { KeyContext, KeyVerifier, Principal } from '@switchboard/contracts';
import { HttpError } from '@switchboard/service-kit';
import { checkKeyUsable } from './authorize.ts';
import { KeyLookupUnavailableError, type KeyCache } from './key-cache.ts';

/** Our keys are `sk-` and 8 to 256 URL-safe characters; anything else is refused before any lookup. */
const KEY_FORMAT = /^sk-[A-Za-z0-9_\-.]{8,256}$/;

/**
 * Virtual keys on the data plane: format first (a malformed, truncated or SQL-laden key costs no query),
 * then the bounded cache (one query per unknown key at most, shared by concurrent requests), then the
 * blocked/expired/team checks. A database outage is a 503, never a 401.
 */
export function createKeyVerifier(cache: KeyCache, now: () => number = Date.now): KeyVerifier {
  const accept = (context: KeyContext | null | undefined, req: Request): Principal | undefined => {
    if (!context) return undefined;
    checkKeyUsable(context, now());
    req.keyContext = context;
    return context.principal;
  };
  const unavailable = (error: unknown): never => {
    if (error instanceof KeyLookupUnavailableError) throw new HttpError(503, 'Keys cannot be checked right now: the database is unavailable. Retry shortly.', { code: 'database_unavailable', retryAfter: 5 });
    throw error;
  };
  return function verifyKey(token, req, keyHash) {
    if (!KEY_FORMAT.test(token)) return undefined;
    // A fresh entry answers at once: the request makes no promise and waits no turn for a key it just used.
    const known = cache.fresh(keyHash);
    if (known !== undefined) return accept(known, req);
    return cache.get(keyHash).then((context) => accept(context, req), unavailable);
  };
}
