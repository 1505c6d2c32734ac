import { sql } from 'drizzle-orm';
import type { Database } from '../../database.ts';
import { sqlStateOf } from '../../errors.ts';
import { withTransaction } from '../../with-transaction.ts';
import { SemanticCacheDimensionMismatchError, SemanticCacheUnavailableError } from './semantic-cache-errors.ts';
import { SEMANTIC_CACHE_TABLE } from './semantic-cache-table.ts';

/** Any constant: serializes replicas that create the table at the same moment. */
const SCHEMA_LOCK = 7353811420520;
/** pgvector's limits: a `vector` column holds up to 16,000 dimensions, an HNSW index up to 2,000 of them. */
const MAX_DIMENSIONS = 16_000;
const MAX_HNSW_DIMENSIONS = 2_000;
/** Why CREATE EXTENSION can fail on a server that lists the extension: no privilege, or files missing. */
const CANNOT_CREATE_EXTENSION = new Set(['42501', '58P01', '0A000']);

async function ensureVectorExtension(tx: Database): Promise<void> {
  const [installed] = await tx.select({ version: sql<string>`extversion` }).from(sql`pg_extension`).where(sql`extname = 'vector'`);
  if (installed) return;
  const [available] = await tx.select({ name: sql<string>`name` }).from(sql`pg_available_extensions`).where(sql`name = 'vector'`);
  if (!available) throw new SemanticCacheUnavailableError('this PostgreSQL server has no `vector` extension to install (pg_available_extensions does not list it)');
  try {
    await tx.execute(sql`create extension if not exists vector`);
  } catch (err) {
    const state = sqlStateOf(err);
    if (!state || !CANNOT_CREATE_EXTENSION.has(state)) throw err;
    const why = state === '42501' ? 'this database role may not create it' : 'the server could not load it';
    throw new SemanticCacheUnavailableError(`CREATE EXTENSION vector failed (${why}, SQLSTATE ${state})`);
  }
}

/** The embedding column's declared size (pgvector keeps it in the type modifier; -1 when unsized), if the table exists. */
async function existingDimensions(tx: Database): Promise<number | undefined> {
  const [column] = await tx
    .select({ dimensions: sql<number>`atttypmod` })
    .from(sql`pg_attribute`)
    .where(sql`attrelid = to_regclass(${SEMANTIC_CACHE_TABLE}) and attname = 'embedding' and not attisdropped`);
  return column?.dimensions;
}

async function createTable(tx: Database, dimensions: number): Promise<void> {
  // DDL takes no bind parameters, so the size travels as a transaction-local setting that a constant
  // DO block reads and formats in as an integer.
  await tx.execute(sql`select set_config('switchboard.semantic_cache_dimensions', ${String(dimensions)}, true)`);
  await tx.execute(sql`
    do $$
    begin
      execute format(
        'create table if not exists switchboard_semantic_cache (
          id bigint generated always as identity primary key,
          scope text not null,
          model_group text not null,
          namespace text not null,
          cache_key text not null,
          embedding vector(%s) not null,
          entry jsonb not null,
          created_at timestamptz not null default now(),
          expires_at timestamptz
        )',
        current_setting('switchboard.semantic_cache_dimensions')::integer
      );
    end
    $$`);
}

async function createIndexes(tx: Database, dimensions: number): Promise<void> {
  // One entry per request key within a scope, model group and namespace; the same index serves the
  // lookups' (scope, model_group, namespace) filter as its prefix.
  await tx.execute(sql`create unique index if not exists switchboard_semantic_cache_partition_key_idx
    on switchboard_semantic_cache (scope, model_group, namespace, cache_key)`);
  await tx.execute(sql`create index if not exists switchboard_semantic_cache_cache_key_idx on switchboard_semantic_cache (cache_key)`);
  await tx.execute(sql`create index if not exists switchboard_semantic_cache_expires_at_idx on switchboard_semantic_cache (expires_at)`);
  const [hnsw] = await tx.select({ name: sql<string>`amname` }).from(sql`pg_am`).where(sql`amname = 'hnsw'`);
  // pgvector before 0.5 has no HNSW, and HNSW indexes no more than 2,000 dimensions: without it a lookup
  // is an exact scan of the scope's rows, which is correct, only slower on a large cache.
  if (hnsw && dimensions <= MAX_HNSW_DIMENSIONS) {
    await tx.execute(sql`create index if not exists switchboard_semantic_cache_embedding_idx
      on switchboard_semantic_cache using hnsw (embedding vector_cosine_ops)`);
  }
}

/**
 * The semantic cache's storage, made only when a `pgvector-semantic` cache is configured (the default
 * migrations never need pgvector): the `vector` extension, the `switchboard_semantic_cache` table sized for
 * the embedding model, and its indexes. Idempotent, and safe for several replicas starting together.
 * Throws `SemanticCacheUnavailableError` when the server cannot provide pgvector, and
 * `SemanticCacheDimensionMismatchError` when the table was made for another embedding size.
 */
export async function ensureSemanticCacheSchema(db: Database, { dimensions }: { dimensions: number }): Promise<void> {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw new RangeError(`semantic cache dimensions must be an integer from 1 to ${MAX_DIMENSIONS}, got ${dimensions}`);
  }
  await withTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await ensureVectorExtension(tx);
    const existing = await existingDimensions(tx);
    if (existing === undefined) await createTable(tx, dimensions);
    else if (existing !== dimensions) throw new SemanticCacheDimensionMismatchError(SEMANTIC_CACHE_TABLE, existing, dimensions);
    await createIndexes(tx, dimensions);
  });
}
