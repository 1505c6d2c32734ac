import { refuse } from '@switchboard/contracts';
import { modelAllowed, routeAllowed } from '@switchboard/permissions';
import type { KeyContext } from '@switchboard/contracts';

/** Blocked, expired, team blocked: checked when the key is presented, before anything else. */
export function checkKeyUsable(context: KeyContext, now: number): void {
  if (context.blocked) throw refuse('key_blocked', 'This key is blocked. Update via `/key/unblock` if you are an admin.');
  if (context.expiresAt !== undefined && context.expiresAt <= now) throw refuse('key_expired', 'This key has expired');
  if (context.teamBlocked) throw refuse('team_blocked', "This key's team is blocked");
}

/**
 * Whether the key, its team and its organization (or, for a key without a team, its user) all allow the model
 * group (none for provider passthrough), and the key the route. Lists and route entries mean what libs/permissions says, as on the backend.
 * `accessGroups` are the access groups the model group is in (the router's, precomputed): a list naming one allows it.
 */
export function authorizeCall(context: KeyContext, modelGroup: string | undefined, path: string, accessGroups?: readonly string[]): void {
  if (modelGroup !== undefined && !modelAllowed(context.modelLists, modelGroup, accessGroups)) {
    throw refuse('model_not_allowed', `key not allowed to access model. This key is not allowed to use model "${modelGroup}"`, { param: 'model' });
  }
  if (!routeAllowed(context.principal.allowedRoutes, path)) throw refuse('route_not_allowed', `This key is not allowed to call ${path}`);
}
