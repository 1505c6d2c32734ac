import type { Request } from 'express';
import type { Principal } from './principal.ts';

/**
 * Looks a virtual key up (cache first); resolves undefined for an unknown key, throws HttpError for a refused one.
 * `keyHash` is the token's SHA-256 (hex), which the caller has already computed to compare it with the master key.
 */
export type KeyVerifier = (token: string, req: Request, keyHash: string) => Promise<Principal | undefined>;
