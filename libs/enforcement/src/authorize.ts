import { refuse } from '@switchboard/contracts';
import { listAllowsModel, modelAllowed, routeAllowed } from '@switchboard/permissions';
import type { HttpError } from '@switchboard/service-kit';
import type { KeyContext } from '@switchboard/contracts';
import type { TeamModelOwner } from '@switchboard/config';

/** Blocked, expired, team blocked: checked when the key is presented, before anything else. */
export function checkKeyUsable(context: KeyContext, now: number): void {
  if (context.blocked) throw refuse('key_blocked', 'This key is blocked. Update via `/key/unblock` if you are an admin.');
  if (context.expiresAt !== undefined && context.expiresAt <= now) throw refuse('key_expired', 'This key has expired');
  if (context.teamBlocked) throw refuse('team_blocked', "This key's team is blocked");
}

/**
 * The refusal for a model the lists leave out, named for the first level that does (LiteLLM's
 * `key_model_access_denied`, `team_…`, `user_…`, `org_…`): the level whose list to change.
 */
function modelRefusal(context: KeyContext, modelGroup: string, accessGroups?: readonly string[]): HttpError {
  const denying = context.modelLists.findIndex((list) => !listAllowsModel(list, modelGroup, accessGroups));
  const level = denying <= 0 ? 'key' : denying === 1 ? (context.principal.teamId !== undefined ? 'team' : 'user') : 'org';
  const kind = level === 'key' ? 'model_not_allowed' : (`${level}_model_not_allowed` as const);
  return refuse(kind, `${level} not allowed to access model. This ${level === 'org' ? 'organization' : level} is not allowed to use model "${modelGroup}"`, { param: 'model' });
}

/**
 * A team's own model (LiteLLM's team models) is its team's by ownership: the team's, user's and organization's
 * lists do not name it (so no name a team admin picks for one can widen them), only the key's own list narrows it.
 */
function authorizeTeamModel(context: KeyContext, owner: TeamModelOwner): void {
  if (owner.id !== context.principal.teamId) throw refuse('team_model_not_allowed', `team not allowed to access model. "${owner.publicName}" is another team's model`, { param: 'model' });
  if (!listAllowsModel(context.modelLists[0] ?? [], owner.publicName)) throw refuse('model_not_allowed', `key not allowed to access model. This key is not allowed to use model "${owner.publicName}"`, { param: 'model' });
}

/**
 * Whether the key, its team and its organization (or, for a key without a team, its user) all allow the model
 * group (none for provider passthrough), and the key the route. Lists and route entries mean what libs/permissions says, as on the backend.
 * `accessGroups` are the access groups the model group is in (the router's, precomputed): a list naming one allows it.
 * `owner`: the team whose own model the group is (Router.teamOwnerOf), if it is one.
 */
export function authorizeCall(context: KeyContext, modelGroup: string | undefined, path: string, accessGroups?: readonly string[], owner?: TeamModelOwner): void {
  if (owner) authorizeTeamModel(context, owner);
  else if (modelGroup !== undefined && !modelAllowed(context.modelLists, modelGroup, accessGroups)) throw modelRefusal(context, modelGroup, accessGroups);
  if (!routeAllowed(context.principal.allowedRoutes, path)) throw refuse('route_not_allowed', `This key is not allowed to call ${path}`);
}
