import type { CachedAnswer } from './cached-answer.ts';
import type { CacheStore } from './cache-store.ts';

interface Slot {
  answer: CachedAnswer;
  bytes: number;
  expiresAt: number;
}

/** What one entry weighs: its JSON's length, a fair stand-in for the memory it holds. */
const weightOf = (answer: CachedAnswer) => JSON.stringify(answer.body).length + 256;

/**
 * The in-process store: least recently used first out, bounded in entries and in bytes, so memory cannot grow
 * with the number of distinct prompts. An entry larger than a quarter of the byte budget is not kept.
 */
export class LocalCacheStore implements CacheStore {
  readonly type = 'local' as const;
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.remove(key, slot);
      return undefined;
    }
    // Most recently used moves to the end.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.answer;
  }

  async set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    const bytes = weightOf(answer);
    if (bytes > this.maxBytes / 4) return;
    const old = this.slots.get(key);
    if (old) this.remove(key, old);
    this.slots.set(key, { answer, bytes, expiresAt: this.now() + ttlSeconds * 1000 });
    this.bytes += bytes;
    for (const [oldest, slot] of this.slots) {
      if (this.slots.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(oldest, slot);
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      const slot = this.slots.get(key);
      if (slot) {
        this.remove(key, slot);
        removed++;
      }
    }
    return removed;
  }

  async flush(): Promise<number> {
    const count = this.slots.size;
    this.slots.clear();
    this.bytes = 0;
    return count;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    await this.flush();
  }

  /** Entries and bytes held (metrics, tests). */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.slots.size, bytes: this.bytes };
  }

  private remove(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }
}
