import { describe, expect, it } from 'vitest';
import { assertMountable, CustomRouteConflictError, isClusterOnly, isServedBy, normalizePath, ownerOf, ROUTE_TABLE, RouteNotAllowedError, samplePathOf, withCustomGatewayRoutes } from './index.ts';

const canonical = (raw: string): string | undefined => {
  const result = normalizePath(raw);
  return result.ok ? result.path : undefined;
};

describe('ownership rules', () => {
  it.each([
    ['/v1/chat/completions', 'gateway'],
    ['/chat/completions', 'gateway'],
    ['/v1/completions', 'gateway'],
    ['/v1/embeddings', 'gateway'],
    ['/v1/audio/transcriptions', 'gateway'],
    ['/v1/images/generations', 'gateway'],
    ['/v1/models', 'gateway'],
    ['/v1/models/gpt-4o', 'gateway'],
    ['/models', 'gateway'],
    ['/v1/messages', 'gateway'],
    ['/v1/messages/count_tokens', 'gateway'],
    ['/v1/responses', 'gateway'],
    ['/anthropic/v1/messages', 'gateway'],
    ['/bedrock/model/x/converse', 'gateway'],
    ['/metrics', 'gateway'],
    ['/test', 'gateway'],
    ['/health/liveliness', 'gateway'],
    ['/key/generate', 'backend'],
    ['/v2/team/list', 'backend'],
    ['/v2/key/info', 'backend'],
    ['/v1/model/info', 'backend'],
    ['/model/new', 'backend'],
    ['/model_group/info', 'backend'],
    ['/v2/model/info', 'backend'],
    ['/team/new', 'backend'],
    ['/spend/logs', 'backend'],
    ['/global/spend/report', 'backend'],
    ['/login', 'backend'],
    ['/logout', 'backend'],
    ['/login/session', 'backend'],
    ['/openapi.json', 'backend'],
    ['/routes', 'backend'],
    ['/', 'ui'],
    ['/ui', 'ui'],
    ['/ui/', 'ui'],
    ['/ui/login', 'ui'],
    ['/ui/keys/index.txt', 'ui'],
  ] as const)('%s belongs to %s', (path, owner) => {
    expect(ownerOf(path)).toBe(owner);
  });

  it('prefixes match whole segments only', () => {
    expect(ownerOf('/v1/completionsX')).toBeUndefined();
    expect(ownerOf('/modelsx')).toBeUndefined();
    expect(ownerOf('/model')).toBe('backend');
    expect(ownerOf('/models')).toBe('gateway');
    expect(ownerOf('/keyring')).toBeUndefined();
  });

  it('/v2/key/info never falls to the gateway, whatever the spelling that survives normalization', () => {
    for (const raw of ['/v2/key/info', '/v2/key/info?key=sk-1', '/v2/%6Bey/info', '/v2/key/info/']) {
      const path = canonical(raw);
      expect(path, raw).toBeDefined();
      expect(ownerOf(path as string), raw).toBe('backend');
    }
  });

  it('/ui/login never goes to the backend', () => {
    for (const raw of ['/ui/login', '/ui/login/', '/ui/login?next=/keys', '/%75i/login']) {
      expect(ownerOf(canonical(raw) as string), raw).toBe('ui');
    }
  });

  it('case tricks match nothing rather than another owner', () => {
    expect(ownerOf('/V2/KEY/info')).toBeUndefined();
    expect(ownerOf('/UI/login')).toBeUndefined();
    expect(ownerOf('/V1/chat/completions')).toBeUndefined();
    expect(ownerOf('/Login')).toBeUndefined();
  });
});

describe('table-wide rules of SPEC §2', () => {
  it('only /health* and the documented exact paths are served by more than one service', () => {
    const shared = ROUTE_TABLE.filter((rule) => (rule.alsoServedBy ?? []).length > 0).map((r) => `${r.match}:${r.path}`);
    expect(shared.sort()).toEqual(['exact:/openapi.json', 'exact:/routes', 'prefix:/health'].sort());
  });

  it('only /metrics is cluster-only, whole segments only (never forwarded by the single origin or the ingress)', () => {
    expect(ROUTE_TABLE.filter((rule) => rule.clusterOnly).map((rule) => `${rule.match}:${rule.path}:${rule.owner}`)).toEqual(['prefix:/metrics:gateway']);
    expect(isClusterOnly('/metrics')).toBe(true);
    expect(isClusterOnly('/metrics/x')).toBe(true);
    expect(isClusterOnly('/metricsx')).toBe(false);
    expect(isClusterOnly('/v1/chat/completions')).toBe(false);
  });

  it('no path is listed twice', () => {
    const keys = ROUTE_TABLE.map((rule) => `${rule.match}:${rule.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('no blanket /v1 or /v2 prefix exists (it would swallow management routes)', () => {
    for (const rule of ROUTE_TABLE) {
      expect(['/v1', '/v2']).not.toContain(rule.path);
    }
  });

  it('every listed path is already canonical', () => {
    for (const rule of ROUTE_TABLE) expect(canonical(rule.path)).toBe(rule.path);
  });

  it('ui owns nothing outside /ui except the root redirect and the favicon', () => {
    const uiPaths = ROUTE_TABLE.filter((rule) => rule.owner === 'ui').map((rule) => rule.path);
    expect(uiPaths.sort()).toEqual(['/', '/favicon.ico', '/ui'].sort());
  });
});

describe('normalizePath', () => {
  it('keeps the query apart from the path', () => {
    expect(normalizePath('/key/info?key=a%2Fb')).toEqual({ ok: true, path: '/key/info', query: '?key=a%2Fb' });
  });

  it.each([
    ['//v2/key/info', 'empty path segment'],
    ['/v2//key/info', 'empty path segment'],
    ['/v2/key%2Finfo', 'encoded separator'],
    ['/v2/key%2finfo', 'encoded separator'],
    ['/v1/chat/completions;', 'path parameters'],
    ['/v1/chat/completions;.css', 'path parameters'],
    ['/v2/key/info%3B', 'encoded separator'],
    ['/v1/../key/generate', 'dot segment'],
    ['/v1/%2E%2E/key/generate', 'dot segment'],
    ['/v1/chat\\completions', 'backslash'],
    ['/v1/chat/%00', 'encoded separator or control'],
    ['/v1/chat/%zz', 'malformed'],
    ['http://evil/v2/key/info', 'must start with /'],
    ['*', 'must start with /'],
  ])('refuses %s', (raw, reason) => {
    const result = normalizePath(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('decodes escaped unreserved characters so both layers see one spelling', () => {
    expect(canonical('/v1/%63hat/completions')).toBe('/v1/chat/completions');
  });

  it('keeps other escapes in upper-case canonical form', () => {
    expect(canonical('/v1/models/a%3ab')).toBe('/v1/models/a%3Ab');
  });

  it('refuses very long paths', () => {
    expect(normalizePath(`/${'a'.repeat(5000)}`).ok).toBe(false);
  });
});

describe('registration check', () => {
  it('turns Express patterns into samples', () => {
    expect(samplePathOf('/v1/models/:model')).toBe('/v1/models/x');
    expect(samplePathOf('/openai/*path')).toBe('/openai');
    expect(samplePathOf('/openai/{*path}')).toBe('/openai');
    expect(samplePathOf('/health/liveliness')).toBe('/health/liveliness');
  });

  it('lets each service mount its own and the shared routes', () => {
    expect(() => assertMountable('gateway', '/v1/chat/completions')).not.toThrow();
    expect(() => assertMountable('gateway', '/health/readiness')).not.toThrow();
    expect(() => assertMountable('backend', '/health/readiness')).not.toThrow();
    expect(() => assertMountable('backend', '/key/generate')).not.toThrow();
    expect(() => assertMountable('backend', '/openapi.json')).not.toThrow();
  });

  it('refuses a route owned by another service', () => {
    expect(() => assertMountable('gateway', '/key/generate')).toThrow(RouteNotAllowedError);
    expect(() => assertMountable('backend', '/v1/chat/completions')).toThrow(RouteNotAllowedError);
    expect(() => assertMountable('backend', '/ui/login')).toThrow(RouteNotAllowedError);
    expect(() => assertMountable('gateway', '/not-in-table')).toThrow(RouteNotAllowedError);
    expect(() => assertMountable('gateway', 'v1/chat/completions')).toThrow(RouteNotAllowedError);
  });

  it('isServedBy agrees with ownerOf for sole-owner paths', () => {
    expect(isServedBy('gateway', '/v1/models')).toBe(true);
    expect(isServedBy('backend', '/v1/models')).toBe(false);
    expect(isServedBy('backend', '/v1/model/info')).toBe(true);
  });
});

describe('custom gateway routes (pass_through_endpoints)', () => {
  it('adds unowned paths to the gateway, exact or with their subpaths, and refuses an owned one', () => {
    const table = withCustomGatewayRoutes([{ path: '/my-hook', includeSubpath: false }, { path: '/bria', includeSubpath: true }]);
    expect(ownerOf('/my-hook', table)).toBe('gateway');
    expect(ownerOf('/my-hook/x', table)).toBeUndefined();
    expect(ownerOf('/bria/v1/x', table)).toBe('gateway');
    expect(() => assertMountable('gateway', '/bria{/*rest}', table)).not.toThrow();
    expect(() => assertMountable('gateway', '/bria{/*rest}')).toThrow(RouteNotAllowedError);
    expect(() => withCustomGatewayRoutes([{ path: '/key/generate', includeSubpath: false }])).toThrow(CustomRouteConflictError);
    expect(withCustomGatewayRoutes([])).toBe(ROUTE_TABLE);
  });
});
