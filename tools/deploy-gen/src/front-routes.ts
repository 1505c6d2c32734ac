import { ROUTE_TABLE, type RouteRule, type Service } from '@switchboard/route-allowlist';

/** Paths the public front never forwards: Prometheus scrapes them inside the cluster (SPEC §6). */
export const CLUSTER_ONLY_PATHS: readonly string[] = ROUTE_TABLE.filter((rule) => rule.clusterOnly).map((rule) => rule.path);

/**
 * Where a front sends every path no explicit route claims. The backend answers unknown paths with its JSON
 * 404, as the reference ingress's catch-all did, so its own paths need no entry of their own.
 */
export const DEFAULT_SERVICE: Service = 'backend';

export interface FrontRoute {
  readonly match: RouteRule['match'];
  readonly path: string;
  readonly target: Service | 'cluster-only';
}

/** Characters that need no quoting in an nginx location or an Ingress path. */
const PLAIN_PATH = /^\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*)?$/;

/** Segment-wise prefix matching, as the route table, nginx's `= P` + `^~ P/` pair and Kubernetes `Prefix` do it. */
export const prefixCovers = (prefixPath: string, path: string) => path === prefixPath || path.startsWith(`${prefixPath}/`);

export const isClusterOnly = (path: string) => CLUSTER_ONLY_PATHS.some((clusterPath) => prefixCovers(clusterPath, path));

/**
 * The routes a front must list explicitly, in table order: every rule not owned by DEFAULT_SERVICE, plus any
 * DEFAULT_SERVICE rule nested under another owner's prefix (without its own entry it would fall into the
 * enclosing prefix). Everything else reaches DEFAULT_SERVICE through the catch-all.
 */
export function frontRoutes(table: readonly RouteRule[] = ROUTE_TABLE): FrontRoute[] {
  for (const rule of table) {
    if (!PLAIN_PATH.test(rule.path)) {
      throw new Error(`route table path ${JSON.stringify(rule.path)} is not a plain canonical path; the generators cannot write it safely`);
    }
  }
  const foreignPrefixes = table.filter((rule) => rule.match === 'prefix' && rule.owner !== DEFAULT_SERVICE);
  const nestedUnderForeign = (rule: RouteRule) => foreignPrefixes.some((prefix) => prefix !== rule && prefixCovers(prefix.path, rule.path));
  return table
    .filter((rule) => rule.owner !== DEFAULT_SERVICE || nestedUnderForeign(rule))
    .map((rule) => ({ match: rule.match, path: rule.path, target: isClusterOnly(rule.path) ? 'cluster-only' : rule.owner }));
}
