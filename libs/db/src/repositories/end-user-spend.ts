import { and, eq, gte, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { spendLogs } from '../schema/index.ts';

/**
 * Whose end users a request's `user` names: the key's team, else its organization, else its owner, else the
 * key itself (the master key included). Each tenant's end user `alice` is a different person.
 */
export interface EndUserTenant {
  kind: 'team' | 'organization' | 'user' | 'key';
  id: string;
}

/** Spend rows made in the tenant's namespace: the same precedence that picks the tenant, read back. */
function madeInTenant({ kind, id }: EndUserTenant): SQL | undefined {
  switch (kind) {
    case 'team':
      return eq(spendLogs.teamId, id);
    case 'organization':
      return and(eq(spendLogs.organizationId, id), isNull(spendLogs.teamId));
    case 'user':
      return and(eq(spendLogs.userId, id), isNull(spendLogs.teamId), isNull(spendLogs.organizationId));
    case 'key':
      return and(eq(spendLogs.keyHash, id), isNull(spendLogs.teamId), isNull(spendLogs.organizationId), isNull(spendLogs.userId));
  }
}

/**
 * What one tenant has spent for an end user (decimal dollars), from the spend rows: the seed of that
 * tenant's end-user budget counter. The customer row's `spend` is every tenant's total, so it cannot seed
 * one tenant's counter without letting another tenant's usage exhaust it. `since`: the start of the budget's current
 * period (a periodic budget counts what was spent since its last reset).
 */
export async function endUserSpendInTenant(db: Database, endUser: string, tenant: EndUserTenant, since?: Date): Promise<string> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${spendLogs.spend}), 0)::text` })
    .from(spendLogs)
    .where(and(eq(spendLogs.endUser, endUser), madeInTenant(tenant), since ? gte(spendLogs.startTime, since) : undefined));
  return row?.total ?? '0';
}
