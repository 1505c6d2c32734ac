import { HttpError } from '@switchboard/service-kit';
import { modelAllowed, routeAllowed } from '@switchboard/permissions';
import type { KeyContext } from './key-context.ts';

/** Blocked, expired, team blocked: checked when the key is presented, before anything else. */
export function checkKeyUsable(context: KeyContext, now: number): void {
  if (context.blocked) throw new HttpError(401, 'This key is blocked', { code: 'key_blocked' });
  if (context.expiresAt !== undefined && context.expiresAt <= now) throw new HttpError(401, 'This key has expired', { code: 'key_expired' });
  if (context.teamBlocked) throw new HttpError(403, "This key's team is blocked", { code: 'team_blocked' });
}

/**
 * Whether the key, its team and its organization (or, for a key without a team, its user) all allow the model
 * group, and the key the route. Lists and route entries mean what libs/permissions says, as on the backend.
 */
export function authorizeCall(context: KeyContext, modelGroup: string, path: string): void {
  if (!modelAllowed(context.modelLists, modelGroup)) {
    throw new HttpError(403, `This key is not allowed to use model "${modelGroup}"`, { code: 'model_not_allowed', param: 'model' });
  }
  if (!routeAllowed(context.principal.allowedRoutes, path)) throw new HttpError(403, `This key is not allowed to call ${path}`, { code: 'route_not_allowed' });
}
