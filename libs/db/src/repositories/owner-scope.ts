import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * Whose rows a caller reaches in the OpenAI-style stores (files, batches): a team's (any of its keys made them),
 * else a user's personal ones, else one key's own; `all` for the master key and proxy admins.
 */
export type OwnerScope = 'all' | { teamId: string } | { userId: string } | { keyHash: string };

/** The condition for a scope on a table's owner columns (undefined: no condition). */
export function ownerScopeWhere(columns: { keyHash: PgColumn; userId: PgColumn; teamId: PgColumn }, scope: OwnerScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if ('teamId' in scope) return eq(columns.teamId, scope.teamId);
  if ('userId' in scope) return and(eq(columns.userId, scope.userId), isNull(columns.teamId));
  return and(eq(columns.keyHash, scope.keyHash), isNull(columns.userId), isNull(columns.teamId));
}
