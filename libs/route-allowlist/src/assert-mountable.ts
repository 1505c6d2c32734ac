import { isServedBy } from './owner-of.ts';
import { ROUTE_TABLE, type RouteRule, type Service } from './route-table.ts';

export class RouteNotAllowedError extends Error {
  constructor(
    readonly service: Service,
    readonly routePath: string,
  ) {
    super(`${service} may not mount ${routePath}: the route table (libs/route-allowlist) gives it to another service`);
    this.name = 'RouteNotAllowedError';
  }
}

/**
 * An Express path pattern's concrete form for the ownership check: `:param` segments become a sample
 * value and a trailing wildcard (`*rest`, `{*rest}`) is cut, so `/v1/models/:model` checks `/v1/models/x`.
 */
export function samplePathOf(pattern: string): string {
  const sample = pattern
    .replace(/\/?\{?\/?\*[A-Za-z0-9_]*\}?$/, '')
    .replace(/:[A-Za-z0-9_]+/g, 'x')
    .replace(/[{}]/g, '');
  return sample === '' ? '/' : sample;
}

export function assertMountable(service: Service, pattern: string, table: readonly RouteRule[] = ROUTE_TABLE): void {
  if (!pattern.startsWith('/')) throw new RouteNotAllowedError(service, pattern);
  if (!isServedBy(service, samplePathOf(pattern), table)) throw new RouteNotAllowedError(service, pattern);
}
