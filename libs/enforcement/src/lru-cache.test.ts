import { describe, expect, it } from 'vitest';
import { LruCache, RECENCY_RESOLUTION_MS } from './lru-cache.ts';

function clock(start = 1_000_000) {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

describe('LruCache', () => {
  it('evicts the least recently used entry when full', () => {
    const c = clock();
    const cache = new LruCache<string>(3, c.now);
    cache.set('a', 'A', 60_000);
    cache.set('b', 'B', 60_000);
    cache.set('c', 'C', 60_000);
    c.advance(RECENCY_RESOLUTION_MS);
    expect(cache.peek('a')?.value).toBe('A');
    cache.set('d', 'D', 60_000);
    expect(cache.size).toBe(3);
    expect(cache.peek('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((key) => cache.peek(key)?.value)).toEqual(['A', 'C', 'D']);
  });

  it('keeps recency to its resolution: a hit soon after the last move leaves the entry where it is', () => {
    const c = clock();
    const cache = new LruCache<string>(2, c.now);
    cache.set('a', 'A', 60_000);
    cache.set('b', 'B', 60_000);
    c.advance(RECENCY_RESOLUTION_MS - 1);
    expect(cache.peek('a')?.value).toBe('A');
    cache.set('c', 'C', 60_000);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('b')?.value).toBe('B');
  });

  it('moves a hit entry once per resolution, from when it last moved', () => {
    const c = clock();
    const cache = new LruCache<string>(2, c.now);
    cache.set('a', 'A', 600_000);
    cache.set('b', 'B', 600_000);
    c.advance(RECENCY_RESOLUTION_MS);
    cache.peek('a'); // moves: a is now the most recent
    c.advance(RECENCY_RESOLUTION_MS / 2);
    cache.peek('b'); // b was set a resolution and a half ago: moves
    c.advance(RECENCY_RESOLUTION_MS / 2);
    cache.peek('a'); // a moved a resolution ago: moves again, so b is the oldest
    cache.set('c', 'C', 600_000);
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')?.value).toBe('A');
  });

  it('answers an expired entry as stale until it is evicted or replaced', () => {
    const c = clock();
    const cache = new LruCache<string>(10, c.now);
    cache.set('a', 'A', 1_000);
    expect(cache.peek('a')).toEqual({ value: 'A', fresh: true });
    c.advance(1_000);
    expect(cache.peek('a')).toEqual({ value: 'A', fresh: false });
    cache.set('a', 'A2', 1_000);
    expect(cache.peek('a')).toEqual({ value: 'A2', fresh: true });
    cache.delete('a');
    expect(cache.peek('a')).toBeUndefined();
  });

  it('stays bounded under any mix of sets and hits', () => {
    const c = clock();
    const cache = new LruCache<number>(50, c.now);
    for (let i = 0; i < 5_000; i++) {
      cache.set(`k${i % 300}`, i, 60_000);
      cache.peek(`k${(i * 7) % 300}`);
      c.advance(i % 3 === 0 ? RECENCY_RESOLUTION_MS : 1);
    }
    expect(cache.size).toBe(50);
  });
});
