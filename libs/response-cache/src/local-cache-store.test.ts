import { describe, expect, it } from 'vitest';
import type { CachedAnswer } from './cached-answer.ts';
import { LocalCacheStore } from './local-cache-store.ts';

const answer = (text: string): CachedAnswer => ({ bodyText: JSON.stringify({ text }), costNanoUsd: 5, storedAt: 0 });
const textOf = (found: CachedAnswer | undefined) => (found ? (JSON.parse(found.bodyText) as { text: string }).text : undefined);

describe('LocalCacheStore', () => {
  it('evicts the least recently used entry past its entry bound', async () => {
    const store = new LocalCacheStore(2, 1_000_000);
    await store.set('a', answer('a'), 60);
    await store.set('b', answer('b'), 60);
    await store.get('a');
    await store.set('c', answer('c'), 60);
    expect([await store.get('a'), await store.get('b'), await store.get('c')].map(textOf)).toEqual(['a', undefined, 'c']);
  });

  it('stays within its byte bound, and keeps no entry larger than a quarter of it', async () => {
    const store = new LocalCacheStore(1_000, 4_000);
    for (let i = 0; i < 20; i++) await store.set(`k${i}`, answer('x'.repeat(250)), 60);
    expect(store.stats.bytes).toBeLessThanOrEqual(4_000);
    expect(store.stats.entries).toBeGreaterThan(0);
    await store.set('huge', answer('y'.repeat(1_000)), 60);
    expect(await store.get('huge')).toBeUndefined();
  });

  it('forgets an entry once its ttl has passed', async () => {
    let now = 1_000;
    const store = new LocalCacheStore(10, 100_000, () => now);
    await store.set('k', answer('v'), 2);
    now += 1_999;
    expect(textOf(await store.get('k'))).toBe('v');
    now += 2;
    expect(await store.get('k')).toBeUndefined();
    expect(store.stats).toEqual({ entries: 0, bytes: 0 });
  });

  it('deletes and flushes, saying how many it removed', async () => {
    const store = new LocalCacheStore(10, 100_000);
    await store.set('a', answer('a'), 60);
    await store.set('b', answer('b'), 60);
    expect(await store.delete(['a', 'nope'])).toBe(1);
    expect(await store.flush()).toBe(1);
    expect(store.stats).toEqual({ entries: 0, bytes: 0 });
  });
});
