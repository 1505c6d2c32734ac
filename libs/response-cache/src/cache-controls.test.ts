import { describe, expect, it } from 'vitest';
import { readCacheControls } from './cache-controls.ts';

describe('readCacheControls', () => {
  it("reads LiteLLM's cache object and Cache-Control", () => {
    expect(readCacheControls({ 'no-cache': true, ttl: 30, 's-maxage': 10, namespace: 'ns' }, undefined)).toEqual({ noCache: true, noStore: false, useCache: false, ttlSeconds: 30, maxAgeSeconds: 10, namespace: 'ns' });
    expect(readCacheControls(undefined, 'No-Store, max-age=0')).toMatchObject({ noCache: false, noStore: true });
    expect(readCacheControls({ 'use-cache': true }, undefined).useCache).toBe(true);
  });

  it('refuses wrong types and unknown controls with a 400 naming the field', () => {
    for (const [cache, param] of [
      [{ ttl: -1 }, 'cache.ttl'],
      [{ ttl: 1e308 }, 'cache.ttl'],
      [{ ttl: '5' }, 'cache.ttl'],
      [{ 'no-store': 1 }, 'cache.no-store'],
      [{ namespace: '' }, 'cache.namespace'],
      [{ 'no_cache': true }, 'cache.no_cache'],
      [[true], 'cache'],
    ] as const) {
      expect(() => readCacheControls(cache, undefined), JSON.stringify(cache)).toThrow(expect.objectContaining({ status: 400, param }));
    }
  });
});
