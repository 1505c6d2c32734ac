import { and, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { semanticCacheEntries } from './semantic-cache/semantic-cache-table.ts';
import { toVectorLiteral } from './semantic-cache/vector-literal.ts';

export { ensureSemanticCacheSchema } from './semantic-cache/ensure-semantic-cache-schema.ts';
export { SemanticCacheDimensionMismatchError, SemanticCacheUnavailableError } from './semantic-cache/semantic-cache-errors.ts';

/** Where an entry belongs: a lookup only ever sees entries of the same scope, model group and namespace. */
export interface SemanticCachePartition {
  /** Whose answers these are: a team, a key, or everyone, as the cache's `scope` decides. */
  scope: string;
  modelGroup: string;
  /** The cache's `namespace`; '' for none. */
  namespace: string;
}

export interface SemanticCacheHit {
  cacheKey: string;
  entry: unknown;
  /** Cosine similarity to the prompt looked up, 1 - pgvector's cosine distance. */
  similarity: number;
}

/**
 * The nearest unexpired entry of the partition by cosine distance (`<=>`), when it is at least `threshold`
 * similar; undefined otherwise. With an HNSW index the search is approximate: a lookup may miss an entry an
 * exact scan would find, never return one below the threshold.
 */
export async function lookupSemanticCache(
  db: Database,
  { scope, modelGroup, namespace, embedding, threshold, now = new Date() }: SemanticCachePartition & { embedding: readonly number[]; threshold: number; now?: Date },
): Promise<SemanticCacheHit | undefined> {
  if (!Number.isFinite(threshold) || threshold < -1 || threshold > 1) throw new RangeError(`a cosine similarity threshold is from -1 to 1, got ${threshold}`);
  const t = semanticCacheEntries;
  const distance = sql<number>`${t.embedding} <=> ${toVectorLiteral(embedding)}::vector`;
  const [nearest] = await db
    .select({ cacheKey: t.cacheKey, entry: t.entry, distance })
    .from(t)
    .where(and(eq(t.scope, scope), eq(t.modelGroup, modelGroup), eq(t.namespace, namespace), or(isNull(t.expiresAt), gt(t.expiresAt, now))))
    .orderBy(distance)
    .limit(1);
  if (!nearest) return undefined;
  const similarity = 1 - Number(nearest.distance);
  return similarity >= threshold ? { cacheKey: nearest.cacheKey, entry: nearest.entry, similarity } : undefined;
}

/**
 * Stores an answer under its prompt's embedding; a second store of the same cache key in the same partition
 * replaces the first. `entry` must be JSON-serializable. Without `ttlSeconds` the entry never expires.
 */
export async function storeSemanticCache(
  db: Database,
  {
    scope,
    modelGroup,
    namespace,
    cacheKey,
    embedding,
    entry,
    ttlSeconds,
    now = new Date(),
  }: SemanticCachePartition & { cacheKey: string; embedding: readonly number[]; entry: unknown; ttlSeconds?: number; now?: Date },
): Promise<void> {
  if (entry === undefined) throw new TypeError('a semantic cache entry cannot be undefined');
  if (ttlSeconds !== undefined && !(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  const expiresAt = ttlSeconds === undefined ? null : new Date(now.getTime() + ttlSeconds * 1000);
  const t = semanticCacheEntries;
  await db
    .insert(t)
    .values({ scope, modelGroup, namespace, cacheKey, embedding, entry, createdAt: now, expiresAt })
    .onConflictDoUpdate({
      target: [t.scope, t.modelGroup, t.namespace, t.cacheKey],
      set: { embedding: sql`excluded.embedding`, entry: sql`excluded.entry`, createdAt: sql`excluded.created_at`, expiresAt: sql`excluded.expires_at` },
    });
}

/** Deletes the matching rows and counts them in the database, so a large delete never returns every row. */
async function deleteCounted(db: Database, where: SQL | undefined): Promise<number> {
  const result = (await db.execute(sql`
    with deleted as (delete from ${semanticCacheEntries} ${where ? sql`where ${where}` : sql``} returning 1)
    select count(*)::integer as count from deleted`)) as unknown as { rows: { count: number }[] };
  return Number(result.rows[0]?.count ?? 0);
}

/** Removes the entries stored under these cache keys, in every partition (`/cache/delete`); returns how many. */
export async function deleteSemanticCache(db: Database, cacheKeys: readonly string[]): Promise<number> {
  if (cacheKeys.length === 0) return 0;
  return deleteCounted(db, inArray(semanticCacheEntries.cacheKey, [...cacheKeys]));
}

/** Removes every entry (`/cache/flushall`); returns how many. */
export function flushSemanticCache(db: Database): Promise<number> {
  return deleteCounted(db, undefined);
}

/** Removes expired entries (lookups already ignore them); returns how many. */
export function pruneSemanticCache(db: Database, now: Date = new Date()): Promise<number> {
  return deleteCounted(db, lte(semanticCacheEntries.expiresAt, now));
}
