import type { Database } from '../database.ts';
import { keys, teams } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

/** How many keys and teams a global spend reset set back to 0. */
export interface GlobalSpendReset {
  keys: number;
  teams: number;
}

/**
 * LiteLLM's `/global/spend/reset`: every key's and every team's spend set to 0, in one transaction; the spend logs,
 * daily totals, users' and organizations' spend stay. Each row's `spend_reset_at` is set, which gives its budget a
 * new counter on every gateway (LiteLLM's counters in Redis keep the old figure until they expire). A team event
 * in the outbox drops every gateway's cached key contexts, so they read the new counters' ids at once.
 */
export async function resetAllSpend(db: Database, at: Date, updatedBy: string): Promise<GlobalSpendReset> {
  return db.transaction(async (tx) => {
    const resetKeys = await tx.update(keys).set({ spend: '0', spendResetAt: at, updatedAt: at, updatedBy }).returning({ hash: keys.hash });
    const resetTeams = await tx.update(teams).set({ spend: '0', spendResetAt: at, updatedAt: at, updatedBy }).returning({ id: teams.id });
    await appendOutbox(tx, { entityType: 'team', entityId: '*', action: 'update' });
    return { keys: resetKeys.length, teams: resetTeams.length };
  });
}
