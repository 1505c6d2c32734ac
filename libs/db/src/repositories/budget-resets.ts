import { and, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from '../database.ts';
import { budgets, customers, keys, organizations, teamMemberships, teams, users, type OutboxEntityType } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

/** `budget_duration` ("30s", "30m", "30h", "30d") as a PostgreSQL interval, computed in the query. */
const durationInterval = (duration: AnyPgColumn) => sql`(
  substring(${duration} from '^[0-9]+') || ' ' ||
  case right(${duration}, 1) when 's' then 'seconds' when 'm' then 'minutes' when 'h' then 'hours' else 'days' end
)::interval`;

interface Resettable {
  table: PgTable;
  entity: OutboxEntityType;
  id: AnyPgColumn;
  resetAt: AnyPgColumn;
  duration: AnyPgColumn;
}

/**
 * In the spend flush's lock order (COUNTER_ENTITIES: teams, then users, then keys): a reset that took a key's
 * row and then waited for its team's, while a flush held the team's and waited for the key's, would deadlock.
 */
const RESETTABLE: Resettable[] = [
  { table: teams, entity: 'team', id: teams.id, resetAt: teams.budgetResetAt, duration: teams.budgetDuration },
  { table: users, entity: 'user', id: users.id, resetAt: users.budgetResetAt, duration: users.budgetDuration },
  { table: keys, entity: 'key', id: keys.hash, resetAt: keys.budgetResetAt, duration: keys.budgetDuration },
];

/**
 * The counters a budget row's reset zeroes: organizations, team members (`max_budget_in_team`) and end users keep
 * their limits in a `budgets` row (`/budget/new`, or one made for them) and their spend in their own row.
 */
const SPEND_OF_BUDGET = {
  organization: { table: organizations, budgetId: organizations.budgetId, returning: { id: organizations.id } },
  team_member: { table: teamMemberships, budgetId: teamMemberships.budgetId, returning: { id: teamMemberships.teamId } },
  customer: { table: customers, budgetId: customers.budgetId, returning: { id: customers.id } },
} as const;

/** The entities a budget reset writes, in the order it writes them (after the budget rows themselves). */
export const BUDGET_RESET_ORDER: readonly string[] = ['organization', ...RESETTABLE.flatMap((resettable) => (resettable.entity === 'team' ? ['team', 'team_member'] : [resettable.entity])), 'customer'];

/** Zeroes the spend of the rows of one kind that use any of the budgets just reset; each tells the gateways. */
async function zeroSpendOf(tx: Transaction, kind: keyof typeof SPEND_OF_BUDGET, budgetIds: readonly string[]): Promise<void> {
  if (budgetIds.length === 0) return;
  const { table, budgetId, returning } = SPEND_OF_BUDGET[kind];
  const rows = (await tx.update(table).set({ spend: '0' } as never).where(inArray(budgetId, [...budgetIds])).returning(returning)) as { id: string }[];
  // A member's counter belongs to its team's key contexts: the team's event reloads them.
  const entityType: OutboxEntityType = kind === 'team_member' ? 'team' : kind;
  for (const id of new Set(rows.map((row) => row.id))) await appendOutbox(tx, { entityType, entityId: id, action: 'update' });
}

/**
 * Starts a new budget period for everything whose `budget_reset_at` has passed: keys, users and teams (spend back to
 * 0), and budget rows (the organizations, team members and end users that use one start from 0), each with its next
 * reset one `budget_duration` from now. Safe to run from every replica at once: a row is reset by whichever update
 * sees it due first, and outbox events tell the gateways in the same transaction (a budget row's reset changes the
 * period its counters are kept under, so the gateways' counters start again too). The writes follow the spend
 * flush's lock order (COUNTER_ENTITIES), so the two never deadlock. Returns how many rows were reset.
 */
export async function resetDueBudgets(db: Database, now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const dueBudgets = (await tx
      .update(budgets)
      .set({ budgetResetAt: sql`${now}::timestamptz + ${durationInterval(budgets.budgetDuration)}` })
      .where(and(isNotNull(budgets.budgetResetAt), isNotNull(budgets.budgetDuration), lte(budgets.budgetResetAt, now)))
      .returning({ id: budgets.id })).map((row) => row.id);
    for (const id of dueBudgets) await appendOutbox(tx, { entityType: 'budget', entityId: id, action: 'update' });
    let reset = dueBudgets.length;
    await zeroSpendOf(tx, 'organization', dueBudgets);
    for (const { table, entity, id, resetAt, duration } of RESETTABLE) {
      const rows = (await tx
        .update(table)
        // Every resettable table names these two properties alike.
        .set({ spend: '0', budgetResetAt: sql`${now}::timestamptz + ${durationInterval(duration)}` } as never)
        .where(and(isNotNull(resetAt), isNotNull(duration), lte(resetAt, now)))
        .returning({ id })) as { id: string }[];
      for (const row of rows) await appendOutbox(tx, { entityType: entity, entityId: row.id, action: 'update' });
      reset += rows.length;
      if (entity === 'team') await zeroSpendOf(tx, 'team_member', dueBudgets);
    }
    await zeroSpendOf(tx, 'customer', dueBudgets);
    return reset;
  });
}
