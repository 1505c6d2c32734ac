import { LruCache } from './lru-cache.ts';
import type { KeyContext } from '@switchboard/contracts';

export interface KeyCacheOptions {
  load: (hash: string) => Promise<KeyContext | undefined>;
  maxEntries?: number;
  ttlMs?: number;
  /** Unknown keys are remembered this long, so a flood of bad keys costs one query each at most. */
  negativeTtlMs?: number;
  /** With allow_requests_on_db_unavailable: how long a stale entry may still serve while the database is away. */
  staleServeMs?: number;
  now?: () => number;
}

/** The database is away and no usable cached entry exists: a 503, never a 401. */
export class KeyLookupUnavailableError extends Error {
  constructor() {
    super('The key could not be checked because the database is unavailable');
    this.name = 'KeyLookupUnavailableError';
  }
}

/**
 * Virtual keys by hash: bounded, with a short negative cache, one query for concurrent misses of the
 * same key, entries dropped on invalidation (outbox or pub/sub), and optional stale serving during an
 * outage.
 */
export class KeyCache {
  private readonly entries: LruCache<{ context: KeyContext | null; loadedAt: number }>;
  private readonly inflight = new Map<string, Promise<KeyContext | undefined>>();
  /** Hash → the cached hashes whose context was built from it (rotated keys sharing a successor's limits). */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly now: () => number;
  private generation = 0;
  loads = 0;

  constructor(private readonly options: KeyCacheOptions) {
    this.now = options.now ?? Date.now;
    this.entries = new LruCache(options.maxEntries ?? 50_000, this.now);
    this.ttlMs = options.ttlMs ?? 60_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 5_000;
  }

  /** The cached answer while it is fresh (a key's context, or null for a key known not to exist); undefined when `get` must load. */
  fresh(hash: string): KeyContext | null | undefined {
    const cached = this.entries.peek(hash);
    return cached?.fresh ? cached.value.context : undefined;
  }

  async get(hash: string): Promise<KeyContext | undefined> {
    const cached = this.entries.peek(hash);
    if (cached?.fresh) return cached.value.context ?? undefined;
    const pending = this.inflight.get(hash);
    if (pending) return pending;
    const generation = this.generation;
    const load = (async () => {
      this.loads++;
      try {
        const context = await this.options.load(hash);
        // A load that raced an invalidation must not put the old state back.
        if (generation === this.generation) {
          this.entries.set(hash, { context: context ?? null, loadedAt: this.now() }, context ? this.ttlMs : this.negativeTtlMs);
          for (const source of context?.dependsOn ?? []) this.dependents.set(source, (this.dependents.get(source) ?? new Set()).add(hash));
        }
        return context;
      } catch {
        // Bounded from when the entry was loaded, so an outage cannot keep an old key alive for ever.
        const staleUntil = cached ? cached.value.loadedAt + this.ttlMs + (this.options.staleServeMs ?? 0) : 0;
        if (cached?.value.context && this.now() < staleUntil) return cached.value.context;
        throw new KeyLookupUnavailableError();
      } finally {
        this.inflight.delete(hash);
      }
    })();
    this.inflight.set(hash, load);
    return load;
  }

  /** Drops the key and every cached key built from it (an old key follows its successor's limits and block). */
  invalidate(hash: string): void {
    this.generation++;
    this.entries.delete(hash);
    for (const dependent of this.dependents.get(hash) ?? []) this.entries.delete(dependent);
    this.dependents.delete(hash);
  }

  /** Drops everything (a team, user or budget changed, or pub/sub reconnected and may have missed events). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.dependents.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
