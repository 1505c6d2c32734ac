import { bigint, customType, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampTz } from '../../schema/columns.ts';
import { toVectorLiteral } from './vector-literal.ts';

export const SEMANTIC_CACHE_TABLE = 'switchboard_semantic_cache';

/** A pgvector column; values are checked and written as pgvector's text form. Never read back. */
const embeddingColumn = customType<{ data: readonly number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: toVectorLiteral,
});

/**
 * The semantic cache's rows. The table is optional (only a `pgvector-semantic` cache creates it) and needs the
 * pgvector extension, so it is not in drizzle-kit's schema (drizzle.config.ts reads `schema/tables/` only) nor
 * in the default migrations: `ensureSemanticCacheSchema` creates it. This definition is for queries.
 */
export const semanticCacheEntries = pgTable(SEMANTIC_CACHE_TABLE, {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** Whose answers these are (a team, a key, or everyone: the cache's `scope`). */
  scope: text('scope').notNull(),
  modelGroup: text('model_group').notNull(),
  /** The cache's `namespace`; '' for none. */
  namespace: text('namespace').notNull(),
  /** The exact-match key of the request the answer came from, so `/cache/delete` can remove it. */
  cacheKey: text('cache_key').notNull(),
  embedding: embeddingColumn('embedding').notNull(),
  entry: jsonb('entry').notNull(),
  createdAt: timestampTz('created_at').notNull().defaultNow(),
  /** Null: never expires. */
  expiresAt: timestampTz('expires_at'),
});
