import { describe, expect, it } from 'vitest';
import { ownerOf, ROUTE_TABLE, type RouteRule, type Service } from '@switchboard/route-allowlist';
import { isClusterOnly } from './front-routes.ts';
import { ingressPaths, renderIngressRoutes, type IngressPath } from './ingress-routes.ts';
import { parse } from 'yaml';

/** Kubernetes Ingress semantics: Exact beats Prefix, the longest Prefix wins, Prefix is segment-wise. */
function longestMatch(paths: readonly IngressPath[], path: string): Service | undefined {
  const exact = paths.find((entry) => entry.pathType === 'Exact' && entry.path === path);
  if (exact) return exact.service;
  const prefixes = paths.filter((entry) => entry.pathType === 'Prefix' && (entry.path === '/' || path === entry.path || path.startsWith(`${entry.path}/`)));
  return prefixes.sort((a, b) => b.path.length - a.path.length)[0]?.service;
}

/** A controller that takes the first listed path that matches. */
function firstMatch(paths: readonly IngressPath[], path: string): Service | undefined {
  return paths.find((entry) =>
    entry.pathType === 'Exact' ? entry.path === path : entry.path === '/' || path === entry.path || path.startsWith(`${entry.path}/`),
  )?.service;
}

/** Where the cluster should send a path: the table's owner; cluster-only and unknown paths to the backend's 404. */
const expectedService = (path: string): Service => (isClusterOnly(path) ? 'backend' : (ownerOf(path) ?? 'backend'));

const samplePaths = (table: readonly RouteRule[]) =>
  table.flatMap((rule) => (rule.match === 'exact' ? [rule.path] : [rule.path, `${rule.path}/x/y`, `${rule.path}x`]));

describe('the generated ingress paths (helm/switchboard/files/routes.yaml)', () => {
  const paths = ingressPaths();

  it('route every sample path of the table like the table, under longest-match and first-match controllers', () => {
    for (const path of [...samplePaths(ROUTE_TABLE), '/nowhere', '/ui/keys/index.txt']) {
      expect(longestMatch(paths, path), path).toBe(expectedService(path));
      expect(firstMatch(paths, path), path).toBe(expectedService(path));
    }
  });

  it('are in SPEC §2 order: UI paths, /test Exact and the gateway, then the catch-all to the backend', () => {
    const services = paths.map((entry) => entry.service);
    const firstNonUi = services.findIndex((service) => service !== 'ui');
    expect(services.slice(0, firstNonUi).every((service) => service === 'ui')).toBe(true);
    expect(paths.slice(0, firstNonUi)).toContainEqual({ path: '/', pathType: 'Exact', service: 'ui' });
    expect(paths).toContainEqual({ path: '/test', pathType: 'Exact', service: 'gateway' });
    expect(paths.at(-1)).toEqual({ path: '/', pathType: 'Prefix', service: 'backend' });
    expect(paths.filter((entry) => entry.service === 'backend')).toHaveLength(1);
  });

  it('never list /metrics', () => {
    expect(paths.filter((entry) => isClusterOnly(entry.path))).toEqual([]);
  });

  it('put a nested path before the prefix that covers it', () => {
    const table: RouteRule[] = [
      { match: 'prefix', path: '/v1/models', owner: 'gateway' },
      { match: 'prefix', path: '/v1/models/admin', owner: 'backend' },
    ];
    expect(ingressPaths(table).map((entry) => entry.path)).toEqual(['/v1/models/admin', '/v1/models', '/']);
  });

  it('render as the YAML the chart reads', () => {
    const builtIn = ROUTE_TABLE.map((rule) => ({ path: rule.path, pathType: rule.match === 'exact' ? 'Exact' : 'Prefix' }));
    expect(parse(renderIngressRoutes())).toEqual({ paths, builtIn });
  });
});
