import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';

type NoRelations = Record<string, never>;

/**
 * What every data-access function takes: a drizzle database on node-postgres (the apps), on PGlite (the
 * tests), or a transaction of either. Functions that change rows open a transaction of their own, which
 * becomes a savepoint when they are given one, so a caller can group several changes with `withTransaction`.
 */
export type Database = PgDatabase<PgQueryResultHKT, NoRelations>;

/** For the helpers that only make sense inside the caller's transaction (`appendOutbox`, `appendAudit`). */
export type Transaction = PgTransaction<PgQueryResultHKT, NoRelations, ExtractTablesWithRelations<NoRelations>>;
