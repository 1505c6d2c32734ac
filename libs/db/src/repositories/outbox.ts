import { asc, gt, lt, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../database.ts';
import { outbox, type OutboxAction, type OutboxEntityType } from '../schema/index.ts';

export interface OutboxEvent {
  entityType: OutboxEntityType;
  entityId: string;
  action: OutboxAction;
}

export type OutboxRecord = typeof outbox.$inferSelect;

/** Any constant works; it only has to differ from the other advisory locks taken in this database. */
const OUTBOX_WRITER_LOCK = 7353811420502;

/**
 * Records a change for the gateways' caches, inside the transaction that makes the change. Writers take
 * a transaction-scoped lock first, so an id is only handed out once every earlier writer has committed:
 * a reader that remembers the last id it saw can never skip an event that commits late.
 */
export async function appendOutbox(tx: Transaction, event: OutboxEvent): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${OUTBOX_WRITER_LOCK})`);
  await tx.insert(outbox).values(event);
}

/** Events after `afterId`, oldest first. Start from `latestOutboxId()` to skip history. */
export async function readOutboxAfter(db: Database, afterId: number, limit = 1_000): Promise<OutboxRecord[]> {
  return db.select().from(outbox).where(gt(outbox.id, afterId)).orderBy(asc(outbox.id)).limit(limit);
}

/** The newest event id (0 when there is none): where a gateway that just filled its caches starts reading. */
export async function latestOutboxId(db: Database): Promise<number> {
  const [row] = await db.select({ id: sql<string | null>`max(${outbox.id})` }).from(outbox);
  return row?.id ? Number(row.id) : 0;
}

/** Deletes events older than `before`; returns how many. */
export async function pruneOutbox(db: Database, before: Date): Promise<number> {
  const deleted = await db.delete(outbox).where(lt(outbox.createdAt, before)).returning({ id: outbox.id });
  return deleted.length;
}
