import { ownerOf, PASSTHROUGH_PROVIDERS, ROUTE_TABLE } from '@switchboard/route-allowlist';
import { DATA_PLANE_GROUPS, ROUTE_GROUPS } from './route-groups.ts';

/**
 * What a key's `allowed_routes` means, in one place for the gateway, the backend and the ceiling checks.
 * An entry is a LiteLLM route group name (`llm_api_routes`, ...), an exact path (`/chat/completions` and
 * `/v1/chat/completions` are one route) or a prefix ending in `*`.
 * - An empty list is the default: every data-plane route, and the management API as the key's role allows;
 *   never provider passthrough.
 * - Passthrough (`/openai/...`, `/anthropic/...`, except the Azure SDK's `/openai/deployments/...`) is allowed
 *   only by an entry whose literal part names the provider's prefix (`/openai/*` grants it, `/*` does not), or
 *   by a group that holds such an entry (`llm_api_routes`, as in LiteLLM).
 */

/** Each provider's prefix by its path segment (`openai` → `/openai`), made once: every virtual key's call asks. */
const PASSTHROUGH_PREFIXES: ReadonlyMap<string, string> = new Map(PASSTHROUGH_PROVIDERS.map((provider) => [provider, `/${provider}`]));

/**
 * The provider prefix a passthrough path is under (`/openai`), or undefined for any other path: its first segment
 * looked up, not each provider's prefix tried in turn (half a microsecond on every call of a key).
 */
export function passthroughPrefixOf(path: string): string | undefined {
  if (path.charCodeAt(0) !== 0x2f || path.startsWith('/openai/deployments/')) return undefined;
  const end = path.indexOf('/', 1);
  return PASSTHROUGH_PREFIXES.get(end === -1 ? path.slice(1) : path.slice(1, end));
}

const isPrefixPattern = (entry: string) => entry.endsWith('*');
const literalOf = (entry: string) => (isPrefixPattern(entry) ? entry.slice(0, -1) : entry);

function patternMatches(pattern: string, path: string): boolean {
  if (isPrefixPattern(pattern)) return path.startsWith(literalOf(pattern));
  return pattern === path || `/v1${pattern}` === path || pattern === `/v1${path}`;
}

/** Whether one `allowed_routes` entry lets a key call `path`. */
export function entryAllows(entry: string, path: string): boolean {
  const group = ROUTE_GROUPS[entry];
  if (group) return group.some((pattern) => entryAllows(pattern, path));
  const passthrough = passthroughPrefixOf(path);
  if (!patternMatches(entry, path)) return false;
  return passthrough === undefined || literalOf(entry).length >= passthrough.length;
}

/** Whether a key with these `allowed_routes` may call `path` (an empty list: the default, no passthrough). */
export function routeAllowed(allowedRoutes: readonly string[] | undefined, path: string): boolean {
  if (!allowedRoutes || allowedRoutes.length === 0) return passthroughPrefixOf(path) === undefined;
  return allowedRoutes.some((entry) => entryAllows(entry, path));
}

/**
 * Whether an entry names a path no built-in route serves and that holds none below it: where the config's
 * custom `pass_through_endpoints` live (a built-in path always wins over one). Such an entry is a passthrough
 * grant: the backend does not know which custom routes the gateway serves, so it treats every one as granted.
 */
export function entryGrantsCustomRoute(entry: string): boolean {
  if (ROUTE_GROUPS[entry]) return false;
  const literal = literalOf(entry).replace(/\/+$/, '');
  if (literal === '' || !literal.startsWith('/') || ownerOf(literal) !== undefined) return false;
  return !ROUTE_TABLE.some((rule) => rule.path.startsWith(`${literal}/`));
}

/**
 * Whether a key may call the custom pass-through route `routePath` (serving `path`): like provider
 * passthrough, only an explicit entry grants it, one whose literal part is at least the route's own path
 * (`/my-route`, `/my-route/*`, `/my-route*`); never a group, `/*` or the empty default.
 */
export function customRouteAllowed(allowedRoutes: readonly string[] | undefined, path: string, routePath: string): boolean {
  return (allowedRoutes ?? []).some((entry) => !ROUTE_GROUPS[entry] && patternMatches(entry, path) && literalOf(entry).length >= routePath.length);
}

/** Whether an entry reaches any provider passthrough path, or may reach a custom pass-through route. */
export function entryGrantsPassthrough(entry: string): boolean {
  const group = ROUTE_GROUPS[entry];
  if (group) return group.some(entryGrantsPassthrough);
  if (entryGrantsCustomRoute(entry)) return true;
  const literal = literalOf(entry);
  if (!isPrefixPattern(entry)) return passthroughPrefixOf(literal) !== undefined;
  if (literal.startsWith('/openai/deployments/')) return false;
  return PASSTHROUGH_PROVIDERS.some((provider) => literal.startsWith(`/${provider}`));
}

/** Whether an entry reaches anything beyond model calls (the management API, info or spend routes). */
export function entryGrantsManagement(entry: string): boolean {
  if (ROUTE_GROUPS[entry]) return !DATA_PLANE_GROUPS.has(entry);
  const literal = literalOf(entry);
  if (!isPrefixPattern(entry)) return ownerOf(literal) !== 'gateway' || !routeAllowed(['llm_api_routes'], literal);
  // A prefix is data-plane only when it lies inside one data-plane prefix pattern (`/v1/audio/*`): a shorter
  // one such as `/v1/*` also reaches `/v1/model/info` on the backend.
  return !ROUTE_GROUPS.llm_api_routes!.some((pattern) => isPrefixPattern(pattern) && literal.startsWith(literalOf(pattern)));
}

/**
 * Whether `entry` grants nothing beyond `ceiling` (another key's `allowed_routes`): what a non-admin may put on
 * a key it makes or changes. Against the default (empty) ceiling every entry but passthrough is within it.
 */
export function entryWithin(entry: string, ceiling: readonly string[]): boolean {
  if (ceiling.length === 0) return !entryGrantsPassthrough(entry);
  if (ROUTE_GROUPS[entry]) {
    // A group is within a ceiling that names it, or whose entries cover each of its patterns.
    return ceiling.includes(entry) || ROUTE_GROUPS[entry]!.every((pattern) => entryWithin(pattern, ceiling));
  }
  // A custom route's path is allowed by `/*` as far as built-in routes go: only a bound that grants it covers it.
  if (!isPrefixPattern(entry)) return routeAllowed(ceiling, entry) && (!entryGrantsCustomRoute(entry) || ceiling.some((bound) => entryGrantsCustomRoute(bound) && entryAllows(bound, entry)));
  const literal = literalOf(entry);
  return ceiling.some((bound) => {
    if (ROUTE_GROUPS[bound]) return entryWithin(entry, ROUTE_GROUPS[bound]!);
    return isPrefixPattern(bound) && literal.startsWith(literalOf(bound)) && (!entryGrantsPassthrough(entry) || entryGrantsPassthrough(bound));
  });
}
