import { describe, expect, it } from 'vitest';
import { ROUTE_TABLE, type RouteRule } from '@switchboard/route-allowlist';
import { CLUSTER_ONLY_PATHS, DEFAULT_SERVICE, frontRoutes, isClusterOnly, prefixCovers } from './front-routes.ts';

const rule = (match: RouteRule['match'], path: string, owner: RouteRule['owner']): RouteRule => ({ match, path, owner });

describe('frontRoutes', () => {
  it('lists every rule not owned by the catch-all service, in table order', () => {
    const expected = ROUTE_TABLE.filter((r) => r.owner !== DEFAULT_SERVICE).map((r) => r.path);
    expect(frontRoutes().map((route) => route.path)).toEqual(expected);
  });

  it('marks /metrics cluster-only, and it is a gateway path of the table', () => {
    expect(CLUSTER_ONLY_PATHS).toContain('/metrics');
    for (const path of CLUSTER_ONLY_PATHS) {
      expect(ROUTE_TABLE.find((r) => r.path === path)?.owner).toBe('gateway');
      expect(frontRoutes().find((route) => route.path === path)?.target).toBe('cluster-only');
    }
    expect(isClusterOnly('/metrics/x')).toBe(true);
    expect(isClusterOnly('/metricsx')).toBe(false);
  });

  it('lists a catch-all-owned rule nested under another owner\'s prefix, or it would fall into that prefix', () => {
    const table = [rule('prefix', '/v1/models', 'gateway'), rule('exact', '/v1/models/admin', 'backend'), rule('prefix', '/key', 'backend')];
    expect(frontRoutes(table)).toEqual([
      { match: 'prefix', path: '/v1/models', target: 'gateway' },
      { match: 'exact', path: '/v1/models/admin', target: 'backend' },
    ]);
  });

  it.each(['/v1/models/', '/v1 models', '/v1/{x}', '/v1;x', 'v1', '/v1//x'])('refuses the unsafe table path %j', (path) => {
    expect(() => frontRoutes([rule('prefix', path, 'gateway')])).toThrow(/not a plain canonical path/);
  });

  it('matches prefixes segment-wise', () => {
    expect(prefixCovers('/v1/models', '/v1/models')).toBe(true);
    expect(prefixCovers('/v1/models', '/v1/models/x')).toBe(true);
    expect(prefixCovers('/v1/models', '/v1/modelsx')).toBe(false);
  });
});
