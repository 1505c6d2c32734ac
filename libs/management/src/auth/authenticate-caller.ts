import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { credentialToken } from '@switchboard/service-kit';
import { findKeyByHash, findSession, findUserById, hashApiKey, isUserDeactivated, sha256Hex, type KeyRecord, type UserRole } from '@switchboard/db';
import { HttpError } from '@switchboard/service-kit';
import { routeAllowed } from '@switchboard/permissions';
import type { ManagementDeps } from '../deps.ts';
import { MASTER_KEY_ACTOR, type Caller } from './caller.ts';
import { sessionTokenOf } from './session-cookie.ts';

/** The role of a key without a user: reads of its own objects only, no changes (docs/permissions.md). */
export const KEY_ONLY_ROLE: UserRole = 'internal_user_viewer';

const unauthorized = (message: string, code = 'invalid_api_key') => new HttpError(401, message, { code });

export function matchesMasterKey(token: string, masterKey: string | undefined): boolean {
  if (masterKey === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(token), digest(masterKey));
}

async function callerFromKey(deps: ManagementDeps, token: string, path: string): Promise<Caller> {
  // Check the format before any query: anything that is not an `sk-` key cannot be one.
  if (!/^sk-[A-Za-z0-9_-]{8,300}$/.test(token)) throw unauthorized('Invalid API key');
  const key = await findKeyByHash(deps.db, hashApiKey(token));
  if (!key) throw unauthorized('Invalid API key');
  if (key.blocked) throw unauthorized('This key is blocked', 'key_blocked');
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw unauthorized('This key has expired', 'key_expired');
  // A key limited to some routes (model calls, say) is no management credential beyond them.
  if (!routeAllowed(key.allowedRoutes, path)) throw new HttpError(403, `This key is not allowed to call ${path}: its allowed_routes do not include it`, { code: 'route_not_allowed' });
  if (!key.userId) return keyOnlyCaller(key);
  const user = await findUserById(deps.db, key.userId);
  if (!user) throw unauthorized('Invalid API key');
  if (isUserDeactivated(user)) throw unauthorized('This key belongs to a deactivated user', 'key_blocked');
  return { via: 'key', role: user.role, user, key, actor: user.id, actorKeyHash: key.hash };
}

/**
 * A key that belongs to no user (a team's service key, say) reads what concerns it, as in LiteLLM: itself,
 * its team, the models it may call. It holds the weakest role, so the matrix gives it no write anywhere, and
 * with no user it owns nothing beyond itself (`Caller.key` is how the `own` checks recognise it).
 */
function keyOnlyCaller(key: KeyRecord): Caller {
  return { via: 'key', role: KEY_ONLY_ROLE, key, actor: `key:${key.hash}`, actorKeyHash: key.hash };
}

async function callerFromSession(deps: ManagementDeps, token: string): Promise<Caller> {
  const session = await findSession(deps.db, token);
  if (!session) throw unauthorized('Your session has expired; log in again', 'session_expired');
  const user = await findUserById(deps.db, session.userId);
  if (!user || isUserDeactivated(user)) throw unauthorized('Your session has expired; log in again', 'session_expired');
  return { via: 'session', role: user.role, user, actor: user.id, sessionTokenHash: sha256Hex(token) };
}

/** The master key, a virtual key whose user has a role, or a dashboard session cookie, in that order. */
export async function authenticateCaller(deps: ManagementDeps, req: Request): Promise<Caller> {
  const token = credentialToken(req);
  if (token !== undefined) {
    if (matchesMasterKey(token, deps.masterKey)) return { via: 'master_key', role: 'proxy_admin', actor: MASTER_KEY_ACTOR };
    return callerFromKey(deps, token, req.path);
  }
  const session = sessionTokenOf(req);
  if (session !== undefined) return callerFromSession(deps, session);
  throw unauthorized('Missing credentials: send "Authorization: Bearer <key>" or log in', 'missing_api_key');
}
