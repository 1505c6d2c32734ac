/**
 * How long a hit leaves an entry where it is. Recency is kept to this resolution: moving an entry to the back
 * is a delete and a set on the Map, and doing that on every hit was the cost of the hit (see `peek`).
 */
export const RECENCY_RESOLUTION_MS = 1_000;

interface Entry<V> {
  value: V;
  expiresAt: number;
  /** When the entry last moved to the back of the order (set, or a hit after RECENCY_RESOLUTION_MS). */
  touchedAt: number;
}

/**
 * A bounded map with a time to live: the least recently used entry goes when it is full. Every cache in
 * the gateway is one of these, so memory cannot grow with the number of distinct keys seen.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The value and whether it is still fresh; stale values are kept for outage mode until evicted.
   *
   * A hit moves the entry to the back of the eviction order at most once per RECENCY_RESOLUTION_MS. A Map
   * keeps deleted slots until it rehashes, so a delete and a set per hit made the gateway's key cache rebuild
   * its table every few hits (a new table each time, all of it garbage): under load with one hot key that
   * was a fifth of the virtual key's promoted bytes, and with thousands of cached keys a hit cost about a
   * microsecond. The order is still least recently used, to within that resolution.
   */
  peek(key: string): { value: V; fresh: boolean } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now - entry.touchedAt >= RECENCY_RESOLUTION_MS) {
      entry.touchedAt = now;
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return { value: entry.value, fresh: entry.expiresAt > now };
  }

  set(key: string, value: V, ttlMs: number): void {
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + ttlMs, touchedAt: now });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
