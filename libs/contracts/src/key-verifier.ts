import type { Request } from 'express';
import type { Principal } from './principal.ts';

/** Looks a virtual key up (cache first); resolves undefined for an unknown key, throws HttpError for a refused one. */
export type KeyVerifier = (token: string, req: Request) => Promise<Principal | undefined>;
