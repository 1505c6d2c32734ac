import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { OwnerScope } from '@switchboard/contracts';

/** Whose rows a caller reaches (@switchboard/contracts). */
export type { OwnerScope };

/** The condition for a scope on a table's owner columns (undefined: no condition). */
export function ownerScopeWhere(columns: { keyHash: PgColumn; userId: PgColumn; teamId: PgColumn }, scope: OwnerScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if ('teamId' in scope) return eq(columns.teamId, scope.teamId);
  if ('userId' in scope) return and(eq(columns.userId, scope.userId), isNull(columns.teamId));
  return and(eq(columns.keyHash, scope.keyHash), isNull(columns.userId), isNull(columns.teamId));
}
