import { describe, expect, it } from 'vitest';
import { buildGatewayConfig } from './build-gateway-config.ts';
import { parseCacheSettings, publicCacheParams } from './cache-settings.ts';

const parse = (params: unknown, env: Record<string, string> = {}, routerRedis?: string) => {
  const warnings: string[] = [];
  const settings = parseCacheSettings(true, params, env, routerRedis, warnings);
  return { settings, warnings };
};

describe("litellm_settings.cache and cache_params", () => {
  it('is off unless cache is true, and says so when cache_params is set alone', () => {
    const warnings: string[] = [];
    expect(parseCacheSettings(undefined, { type: 'local' }, {}, undefined, warnings)).toBeUndefined();
    expect(warnings[0]).toMatch(/cache is not true/);
  });

  it("defaults to the in-process store with LiteLLM's call types, a team scope and hits counted in limits", () => {
    const { settings } = parse(undefined);
    expect(settings).toMatchObject({ type: 'local', ttlSeconds: 600, mode: 'default_on', scope: 'team', countHitsInLimits: true });
    expect([...settings!.callTypes].sort()).toEqual(['anthropic_messages', 'completion', 'embedding', 'responses', 'text_completion']);
  });

  it('maps supported_call_types, warning about the ones not cached here and refusing unknown names', () => {
    const { settings, warnings } = parse({ supported_call_types: ['acompletion', 'aembedding', 'atranscription'] });
    expect([...settings!.callTypes].sort()).toEqual(['completion', 'embedding']);
    expect(warnings.join()).toMatch(/atranscription/);
    expect(() => parse({ supported_call_types: ['chat'] })).toThrow(/supported_call_types: "chat" is not a call type/);
  });

  it("starts with the cache off and a loud warning for a type LiteLLM has and we do not; refuses an unknown type", () => {
    for (const type of ['redis-semantic', 'qdrant-semantic', 's3', 'disk']) {
      const { settings, warnings } = parse({ type });
      expect(settings).toBeUndefined();
      expect(warnings.join()).toMatch(/THE RESPONSE CACHE IS OFF.*local, redis, pgvector-semantic/);
    }
    expect(() => parse({ type: 'memcached' })).toThrow(/"memcached" is not a cache type/);
  });

  it('finds Redis in cache_params, then REDIS_*, then router_settings; refuses a redis type with none', () => {
    expect(parse({ type: 'redis', host: 'cache.internal', port: 6380, password: 'p@ss' }).settings?.redisUrl).toBe('redis://:p%40ss@cache.internal:6380');
    expect(parse({ type: 'redis' }, { REDIS_HOST: 'env-host' }).settings?.redisUrl).toBe('redis://env-host:6379');
    expect(parse({ type: 'redis' }, {}, 'redis://router:6379').settings?.redisUrl).toBe('redis://router:6379');
    expect(() => parse({ type: 'redis' })).toThrow(/type redis needs a Redis/);
  });

  it('requires the embedding model of a semantic cache, under our name or LiteLLM\'s', () => {
    expect(() => parse({ type: 'pgvector-semantic' })).toThrow(/semantic_cache_embedding_model is required/);
    expect(parse({ type: 'pgvector-semantic', redis_semantic_cache_embedding_model: 'emb', similarity_threshold: 0.9 }).settings?.semantic).toEqual({ embeddingModel: 'emb', similarityThreshold: 0.9, dimensions: 1536 });
  });

  it('refuses wrongly typed settings, naming them', () => {
    expect(() => parse({ ttl: 'long' })).toThrow(/cache_params\.ttl/);
    expect(() => parse({ scope: 'org' })).toThrow(/cache_params\.scope/);
    expect(() => parse({ similarity_threshold: 2 })).toThrow(/cache_params\.similarity_threshold/);
  });

  it('shows no credential in its public form', () => {
    const { settings } = parse({ type: 'redis', url: 'redis://:secret-pass@h:1' });
    expect(JSON.stringify(publicCacheParams(settings!))).not.toContain('secret-pass');
  });

  it('reaches the gateway config from the file', () => {
    const config = buildGatewayConfig({ litellm_settings: { cache: true, cache_params: { type: 'local', namespace: 'ns', mode: 'default_off' } } }, {});
    expect(config.settings.cache).toMatchObject({ type: 'local', namespace: 'ns', mode: 'default_off' });
    expect(config.warnings.filter((w) => w.includes('cache'))).toEqual([]);
  });
});
