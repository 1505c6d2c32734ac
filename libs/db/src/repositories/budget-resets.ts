import { and, isNotNull, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../database.ts';
import { keys, teams, users, type OutboxEntityType } from '../schema/index.ts';
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

/** The entities a budget reset writes, in the order it writes them. */
export const BUDGET_RESET_ORDER: readonly OutboxEntityType[] = RESETTABLE.map((resettable) => resettable.entity);

/**
 * Starts a new budget period for every key, user and team whose `budget_reset_at` has passed: spend back
 * to 0 and the next reset one `budget_duration` from now. Safe to run from every replica at once: a row
 * is reset by whichever update sees it due first, and an outbox event tells the gateways in the same
 * transaction. Returns how many rows were reset.
 */
export async function resetDueBudgets(db: Database, now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    let reset = 0;
    for (const { table, entity, id, resetAt, duration } of RESETTABLE) {
      const rows = (await tx
        .update(table)
        // Every resettable table names these two properties alike.
        .set({ spend: '0', budgetResetAt: sql`${now}::timestamptz + ${durationInterval(duration)}` } as never)
        .where(and(isNotNull(resetAt), isNotNull(duration), lte(resetAt, now)))
        .returning({ id })) as { id: string }[];
      for (const row of rows) await appendOutbox(tx, { entityType: entity, entityId: row.id, action: 'update' });
      reset += rows.length;
    }
    return reset;
  });
}
