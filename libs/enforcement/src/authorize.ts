import { HttpError } from '@switchboard/service-kit';
import type { KeyContext } from './key-context.ts';

/** A route pattern from `allowed_routes`: an exact path, or a prefix ending in `*`. */
function routeAllowed(patterns: readonly string[], path: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path || `/v1${pattern}` === path || pattern === `/v1${path}`));
}

/** Blocked, expired, team blocked: checked when the key is presented, before anything else. */
export function checkKeyUsable(context: KeyContext, now: number): void {
  if (context.blocked) throw new HttpError(401, 'This key is blocked', { code: 'key_blocked' });
  if (context.expiresAt !== undefined && context.expiresAt <= now) throw new HttpError(401, 'This key has expired', { code: 'key_expired' });
  if (context.teamBlocked) throw new HttpError(403, "This key's team is blocked", { code: 'team_blocked' });
}

/** Whether the key, its team and its organization all allow the model group, and the key the route. */
export function authorizeCall(context: KeyContext, modelGroup: string, path: string): void {
  for (const list of context.modelLists) {
    if (list.length > 0 && !list.includes(modelGroup) && !list.includes('*') && !list.includes('all-proxy-models')) {
      throw new HttpError(403, `This key is not allowed to use model "${modelGroup}"`, { code: 'model_not_allowed', param: 'model' });
    }
  }
  const routes = context.principal.allowedRoutes;
  if (routes && routes.length > 0 && !routeAllowed(routes, path)) throw new HttpError(403, `This key is not allowed to call ${path}`, { code: 'route_not_allowed' });
}
