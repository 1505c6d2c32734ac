import { ROUTE_TABLE, type RouteRule, type Service } from './route-table.ts';

function ruleMatches(rule: RouteRule, path: string): boolean {
  if (rule.match === 'exact') return path === rule.path;
  return path === rule.path || path.startsWith(`${rule.path}/`);
}

/** The most specific rule for a canonical path: exact beats prefix, a longer prefix beats a shorter one. */
export function ruleFor(path: string, table: readonly RouteRule[] = ROUTE_TABLE): RouteRule | undefined {
  let best: RouteRule | undefined;
  for (const rule of table) {
    if (!ruleMatches(rule, path)) continue;
    if (!best) {
      best = rule;
      continue;
    }
    const score = (r: RouteRule) => (r.match === 'exact' ? Number.MAX_SAFE_INTEGER : r.path.length);
    if (score(rule) > score(best)) best = rule;
  }
  return best;
}

/** Which service the front sends a canonical path to; `undefined` for paths nobody owns. */
export function ownerOf(path: string, table: readonly RouteRule[] = ROUTE_TABLE): Service | undefined {
  return ruleFor(path, table)?.owner;
}

/** Whether `service` may serve `path` (its own paths plus the shared ones it is listed for). */
export function isServedBy(service: Service, path: string, table: readonly RouteRule[] = ROUTE_TABLE): boolean {
  const rule = ruleFor(path, table);
  if (!rule) return false;
  return rule.owner === service || (rule.alsoServedBy ?? []).includes(service);
}

/** Whether no public front may forward `path` (see RouteRule.clusterOnly). */
export function isClusterOnly(path: string, table: readonly RouteRule[] = ROUTE_TABLE): boolean {
  return ruleFor(path, table)?.clusterOnly === true;
}
