import { readCachedAnswer, type CachedAnswer } from './cached-answer.ts';
import type { CacheStore } from './cache-store.ts';

/**
 * One entry as held: a single flat JSON string with the expiry inside. A store that churns thousands of
 * entries a second keeps them in the old generation; one string per entry (nothing for the collector to
 * trace) instead of a graph of small objects kept the garbage collector's share of a miss low.
 */
interface Held {
  /** Epoch ms. */
  e: number;
  a: CachedAnswer;
}

/** What one entry weighs: its text, two bytes a character as V8 may hold it, and the key. */
const weightOf = (text: string, key: string) => (text.length + key.length) * 2 + 64;

/**
 * The in-process store: least recently used first out, bounded in entries and in bytes, so memory cannot grow
 * with the number of distinct prompts. An entry larger than a quarter of the byte budget is not kept.
 */
export class LocalCacheStore implements CacheStore {
  readonly type = 'local' as const;
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    const held = JSON.parse(text) as Held;
    if (held.e <= this.now()) {
      this.remove(key, text);
      return undefined;
    }
    // Most recently used moves to the end.
    this.entries.delete(key);
    this.entries.set(key, text);
    return readCachedAnswer(held.a);
  }

  async set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    const held: Held = { e: this.now() + ttlSeconds * 1000, a: answer };
    const text = JSON.stringify(held);
    const bytes = weightOf(text, key);
    if (bytes > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) this.remove(key, old);
    this.entries.set(key, text);
    this.bytes += bytes;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest, this.entries.get(oldest) as string);
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      const text = this.entries.get(key);
      if (text !== undefined) {
        this.remove(key, text);
        removed++;
      }
    }
    return removed;
  }

  async flush(): Promise<number> {
    const count = this.entries.size;
    this.entries.clear();
    this.bytes = 0;
    return count;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    await this.flush();
  }

  /** Entries and bytes held (metrics, tests). */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string, text: string): void {
    this.entries.delete(key);
    this.bytes -= weightOf(text, key);
  }
}
