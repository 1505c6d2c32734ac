import type { Request } from 'express';
import { findKeyByHash, hashApiKey } from '@switchboard/db';
import { credentialToken } from '@switchboard/service-kit';
import { KEY_ONLY_ROLE, matchesMasterKey } from '../auth/authenticate-caller.ts';
import { MASTER_KEY_ACTOR, type Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { ScimError } from './scim-error.ts';
import { isScimToken } from './scim-token.ts';

/**
 * SCIM answers the master key and SCIM tokens only: not sessions (no CSRF to worry about) and not other keys,
 * not even a proxy admin's, so provisioning has exactly one kind of credential to hand out and revoke.
 */
export async function authenticateScimCaller(deps: ManagementDeps, req: Request): Promise<Caller> {
  const token = credentialToken(req);
  if (token === undefined) throw new ScimError(401, 'Missing credentials: send "Authorization: Bearer <SCIM token>"');
  if (matchesMasterKey(token, deps.masterKey)) return { via: 'master_key', role: 'proxy_admin', actor: MASTER_KEY_ACTOR };
  const key = /^sk-[A-Za-z0-9_-]{8,300}$/.test(token) ? await findKeyByHash(deps.db, hashApiKey(token)) : undefined;
  if (!key || key.blocked || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) throw new ScimError(401, 'Invalid SCIM token');
  if (!isScimToken(key)) throw new ScimError(403, 'Only a SCIM token (POST /scim/token) or the master key may call SCIM');
  return { via: 'key', role: KEY_ONLY_ROLE, key, actor: `scim:${key.hash}`, actorKeyHash: key.hash };
}
