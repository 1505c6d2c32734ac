import { ownerOf } from './owner-of.ts';
import { ROUTE_TABLE, type RouteRule } from './route-table.ts';

export class CustomRouteConflictError extends Error {
  constructor(readonly routePath: string) {
    super(`the custom route ${routePath} is already served by a built-in route (libs/route-allowlist)`);
    this.name = 'CustomRouteConflictError';
  }
}

/**
 * The route table plus the config's custom pass-through routes (`general_settings.pass_through_endpoints`),
 * each given to the gateway: what the gateway mounts them against and what the single origin routes them
 * by. Only paths no built-in route serves may be added (the config leaves the others out with a warning);
 * `includeSubpath` makes the rule a prefix.
 */
export function withCustomGatewayRoutes(routes: readonly { path: string; includeSubpath: boolean }[], table: readonly RouteRule[] = ROUTE_TABLE): readonly RouteRule[] {
  if (routes.length === 0) return table;
  const added = routes.map(({ path, includeSubpath }): RouteRule => {
    if (ownerOf(path, table) !== undefined) throw new CustomRouteConflictError(path);
    return { match: includeSubpath ? 'prefix' : 'exact', path, owner: 'gateway' };
  });
  return [...table, ...added];
}
