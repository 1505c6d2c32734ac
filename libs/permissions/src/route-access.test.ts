import { describe, expect, it } from 'vitest';
import { PASSTHROUGH_PROVIDERS } from '@switchboard/route-allowlist';
import { customRouteAllowed, entryAllows, entryGrantsCustomRoute, entryGrantsManagement, entryGrantsPassthrough, entryWithin, passthroughPrefixOf, routeAllowed } from './route-access.ts';

describe('routeAllowed', () => {
  it('treats an empty list as every data-plane and management route, never passthrough', () => {
    expect(routeAllowed([], '/v1/chat/completions')).toBe(true);
    expect(routeAllowed(undefined, '/key/generate')).toBe(true);
    expect(routeAllowed([], '/openai/v1/chat/completions')).toBe(false);
    expect(routeAllowed([], '/anthropic/v1/messages')).toBe(false);
    // The Azure SDK's deployment paths are model calls, not passthrough.
    expect(routeAllowed([], '/openai/deployments/gpt-4o/chat/completions')).toBe(true);
  });

  it('matches exact paths with and without /v1, prefixes and LiteLLM group names', () => {
    expect(routeAllowed(['/chat/completions'], '/v1/chat/completions')).toBe(true);
    expect(routeAllowed(['/v1/chat/completions'], '/chat/completions')).toBe(true);
    expect(routeAllowed(['/v1/chat/completions'], '/v1/embeddings')).toBe(false);
    expect(routeAllowed(['/v1/audio/*'], '/v1/audio/speech')).toBe(true);
    expect(routeAllowed(['llm_api_routes'], '/v1/messages/count_tokens')).toBe(true);
    expect(routeAllowed(['llm_api_routes'], '/key/generate')).toBe(false);
    expect(routeAllowed(['management_routes'], '/user/update')).toBe(true);
    expect(routeAllowed(['info_routes'], '/key/info')).toBe(true);
    expect(routeAllowed(['info_routes'], '/key/generate')).toBe(false);
  });

  it('grants passthrough only to entries that name the provider prefix', () => {
    expect(routeAllowed(['/openai/*'], '/openai/v1/chat/completions')).toBe(true);
    expect(routeAllowed(['/openai*'], '/openai/v1/models')).toBe(true);
    expect(routeAllowed(['/*'], '/openai/v1/models')).toBe(false);
    expect(routeAllowed(['/o*'], '/openai/v1/models')).toBe(false);
    // LiteLLM's llm_api_routes includes the passthrough prefixes; openai_routes does not.
    expect(routeAllowed(['llm_api_routes'], '/openai/v1/models')).toBe(true);
    expect(routeAllowed(['openai_routes'], '/openai/v1/models')).toBe(false);
    expect(routeAllowed(['openai_routes'], '/openai/deployments/gpt-4o/chat/completions')).toBe(true);
    expect(routeAllowed(['/openai/*'], '/anthropic/v1/messages')).toBe(false);
    expect(passthroughPrefixOf('/vertex_ai/v1/projects/x')).toBe('/vertex_ai');
  });
});

describe('passthroughPrefixOf', () => {
  it("answers as trying each provider's prefix in turn would, on paths near every prefix", () => {
    // The definition it replaced: a prefix is the path itself or the start of it up to a slash.
    const byEachPrefix = (path: string) =>
      path.startsWith('/openai/deployments/') ? undefined : PASSTHROUGH_PROVIDERS.map((p) => `/${p}`).find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    const paths = ['', '/', '//', '/v1/chat/completions', '/chat/completions', '/openai/deployments/x/chat/completions', '/openai/deployments', 'openai/v1/models', ' /openai/v1'];
    for (const provider of PASSTHROUGH_PROVIDERS) {
      for (const suffix of ['', '/', '/v1/models', 'x', 'x/v1', '_', '?a=1', '//']) paths.push(`/${provider}${suffix}`, `/v1/${provider}${suffix}`, `/${provider.slice(0, -1)}${suffix}`, `/${provider.toUpperCase()}${suffix}`);
    }
    for (const path of paths) expect(passthroughPrefixOf(path), path).toBe(byEachPrefix(path));
  });
});

describe('entry classes', () => {
  it('knows which entries reach passthrough and which reach beyond model calls', () => {
    expect(entryGrantsPassthrough('/openai/*')).toBe(true);
    // A shorter prefix of a provider's never reaches the provider; it may reach a custom route (`/op`), below.
    expect(entryAllows('/op*', '/openai/v1/models')).toBe(false);
    expect(entryGrantsPassthrough('/v1/*')).toBe(false);
    expect(entryGrantsPassthrough('/anthropic/v1/messages')).toBe(true);
    expect(entryGrantsPassthrough('/openai/deployments/*')).toBe(false);
    expect(entryGrantsPassthrough('llm_api_routes')).toBe(true);
    expect(entryGrantsPassthrough('openai_routes')).toBe(false);
    expect(entryGrantsManagement('llm_api_routes')).toBe(false);
    expect(entryGrantsManagement('info_routes')).toBe(true);
    expect(entryGrantsManagement('/v1/chat/completions')).toBe(false);
    expect(entryGrantsManagement('/v1/audio/*')).toBe(false);
    expect(entryGrantsManagement('/v1/*')).toBe(true);
    expect(entryGrantsManagement('/key/info')).toBe(true);
    expect(entryGrantsManagement('/user/update')).toBe(true);
  });
});

describe('entryWithin', () => {
  it('keeps passthrough out of reach under the default ceiling', () => {
    expect(entryWithin('/openai/*', [])).toBe(false);
    expect(entryWithin('/anthropic/v1/messages', [])).toBe(false);
    expect(entryWithin('/v1/chat/completions', [])).toBe(true);
    expect(entryWithin('llm_api_routes', [])).toBe(false);
    expect(entryWithin('openai_routes', [])).toBe(true);
    expect(entryWithin('anthropic_routes', [])).toBe(true);
  });

  it('allows only what an explicit ceiling allows', () => {
    const ceiling = ['/v1/chat/completions', '/openai/v1/*'];
    expect(entryWithin('/chat/completions', ceiling)).toBe(true);
    expect(entryWithin('/v1/embeddings', ceiling)).toBe(false);
    expect(entryWithin('/openai/v1/models', ceiling)).toBe(true);
    expect(entryWithin('/openai/v1/chat/*', ceiling)).toBe(true);
    expect(entryWithin('/openai/*', ceiling)).toBe(false);
    expect(entryWithin('llm_api_routes', ceiling)).toBe(false);
    expect(entryWithin('/v1/audio/*', ['llm_api_routes'])).toBe(true);
    expect(entryWithin('openai_routes', ['llm_api_routes'])).toBe(true);
    expect(entryWithin('management_routes', ['llm_api_routes'])).toBe(false);
    expect(entryWithin('/openai/*', ['/*'])).toBe(false);
    expect(entryWithin('/openai/*', ['llm_api_routes'])).toBe(true);
    expect(entryWithin('/openai/*', ['openai_routes'])).toBe(false);
  });
});

describe('custom pass_through_endpoints routes', () => {
  it('are granted only by an explicit entry at least as long as the route path', () => {
    expect(customRouteAllowed(['/my-route'], '/my-route', '/my-route')).toBe(true);
    expect(customRouteAllowed(['/my-route/*'], '/my-route/v1/x', '/my-route')).toBe(true);
    expect(customRouteAllowed(['/my-route*'], '/my-route/v1/x', '/my-route')).toBe(true);
    expect(customRouteAllowed(undefined, '/my-route', '/my-route')).toBe(false);
    expect(customRouteAllowed([], '/my-route', '/my-route')).toBe(false);
    expect(customRouteAllowed(['/*'], '/my-route', '/my-route')).toBe(false);
    expect(customRouteAllowed(['/my*'], '/my-route', '/my-route')).toBe(false);
    expect(customRouteAllowed(['llm_api_routes', 'openai_routes'], '/my-route', '/my-route')).toBe(false);
    expect(customRouteAllowed(['/other-route'], '/my-route', '/my-route')).toBe(false);
  });

  it('count as passthrough grants, so a non-admin cannot give one to a key its own bound lacks', () => {
    for (const entry of ['/my-route', '/my-route/*', '/op*']) expect(entryGrantsCustomRoute(entry), entry).toBe(true);
    for (const entry of ['/v1/*', '/*', '/key/info', '/v1/chat/completions', 'llm_api_routes', '/openai/*']) expect(entryGrantsCustomRoute(entry), entry).toBe(false);
    expect(entryWithin('/my-route', [])).toBe(false);
    expect(entryWithin('/my-route', ['/*'])).toBe(false);
    expect(entryWithin('/my-route/*', ['/*'])).toBe(false);
    expect(entryWithin('/my-route', ['/my-route*'])).toBe(true);
    expect(entryWithin('/my-route/v1', ['/my-route/*'])).toBe(true);
    expect(entryWithin('/v1/chat/completions', ['/*'])).toBe(true);
  });
});
