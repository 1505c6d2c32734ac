import type { Request } from 'express';
import type { Principal } from './principal.ts';

/**
 * Looks a virtual key up (cache first): undefined for an unknown key, an HttpError thrown (or the promise rejected)
 * for a refused one. A key the cache knows is answered at once, not as a promise; a lookup answers with a promise.
 * `keyHash` is the token's SHA-256 (hex), which the caller has already computed to compare it with the master key.
 */
export type KeyVerifier = (token: string, req: Request, keyHash: string) => Principal | undefined | Promise<Principal | undefined>;
