import type { CachedAnswer } from './cached-answer.ts';

/**
 * Where exact-match answers live (in process, or Redis for every replica). Every method may be slow or fail:
 * the caller bounds `get` by the lookup timeout and treats a failure as a miss, never as an error.
 */
export interface CacheStore {
  readonly type: 'local' | 'redis';
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void>;
  /** Removes these keys; resolves how many were there. */
  delete(keys: readonly string[]): Promise<number>;
  /** Removes every entry of ours (never anything else the store holds); resolves how many. */
  flush(): Promise<number>;
  /** A live round trip (`/cache/ping`): throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
