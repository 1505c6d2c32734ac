import type { CachedAnswer } from './cached-answer.ts';

/** Where a semantic cache keeps prompt embeddings and their answers (pgvector, through the data lib). */
export interface SemanticIndex {
  search(query: { scope: string; modelGroup: string; namespace: string; embedding: number[]; threshold: number }): Promise<{ cacheKey: string; answer: CachedAnswer; similarity: number } | undefined>;
  store(entry: { scope: string; modelGroup: string; namespace: string; cacheKey: string; embedding: number[]; answer: CachedAnswer; ttlSeconds: number }): Promise<void>;
  delete(cacheKeys: readonly string[]): Promise<number>;
  flush(): Promise<number>;
  ping(): Promise<void>;
}
