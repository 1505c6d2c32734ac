import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { batches, batchLines, files } from '../schema/index.ts';
import { ownerScopeWhere, type OwnerScope } from './owner-scope.ts';

export type BatchRecord = typeof batches.$inferSelect;
export type NewBatch = Pick<BatchRecord, 'id' | 'endpoint' | 'inputFileId' | 'completionWindow' | 'requestId' | 'total' | 'expiresAt'> &
  Partial<Pick<BatchRecord, 'metadata' | 'keyHash' | 'userId' | 'teamId'>>;

/** Statuses a gateway still has work in (a cancelling batch still has to write what it has). */
const OPEN = ['validating', 'in_progress', 'finalizing', 'cancelling'];
const scopeWhere = (scope: OwnerScope) => ownerScopeWhere(batches, scope);

export async function insertBatch(db: Database, batch: NewBatch): Promise<BatchRecord> {
  const [row] = await db.insert(batches).values({ ...batch, status: 'validating' }).returning();
  return row as BatchRecord;
}

export async function findBatch(db: Database, id: string, scope: OwnerScope): Promise<BatchRecord | undefined> {
  const [row] = await db.select().from(batches).where(and(eq(batches.id, id), scopeWhere(scope))).limit(1);
  return row;
}

/** Newest first; `after` is the id of the last batch of the previous page (compared in SQL: microseconds). */
export async function listBatches(db: Database, listing: { scope: OwnerScope; limit: number; after?: string }): Promise<BatchRecord[]> {
  const { scope, limit, after } = listing;
  const cursor = after === undefined ? undefined : sql`(${batches.createdAt}, ${batches.id}) < ((select b.created_at from batches b where b.id = ${after}), ${after})`;
  return db.select().from(batches).where(and(scopeWhere(scope), cursor)).orderBy(desc(batches.createdAt), desc(batches.id)).limit(limit);
}

/**
 * Asks a running batch to stop: `cancelling` until its gateway has written what it has. Undefined when the batch
 * is not within the scope; a batch that already ended comes back as it is (the caller tells the client so).
 */
export async function requestBatchCancel(db: Database, id: string, scope: OwnerScope): Promise<BatchRecord | undefined> {
  const [changed] = await db
    .update(batches)
    .set({ status: 'cancelling', cancellingAt: sql`now()` })
    .where(and(eq(batches.id, id), scopeWhere(scope), inArray(batches.status, ['validating', 'in_progress', 'finalizing'])))
    .returning();
  return changed ?? (await findBatch(db, id, scope));
}

/**
 * Takes the oldest open batch whose lease is free (never leased, or its holder stopped renewing), for `leaseMs`.
 * SKIP LOCKED: two gateways claiming at once take different batches.
 */
export async function claimBatch(db: Database, owner: string, leaseMs: number): Promise<BatchRecord | undefined> {
  const result = (await db.execute(sql`
    update batches set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
      status = case when status = 'validating' then 'in_progress' else status end,
      in_progress_at = coalesce(in_progress_at, now())
    where id = (
      select id from batches
      where status in ('validating', 'in_progress', 'finalizing', 'cancelling') and (lease_until is null or lease_until < now())
      order by created_at limit 1 for update skip locked
    )
    returning id`)) as unknown as { rows: { id: string }[] };
  const id = result.rows[0]?.id;
  return id === undefined ? undefined : findBatch(db, id, 'all');
}

/** Extends the lease while its holder works; false when the holder lost it (another gateway took the batch over). */
export async function renewBatchLease(db: Database, id: string, owner: string, leaseMs: number): Promise<{ held: boolean; status?: string }> {
  const [row] = await db
    .update(batches)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(and(eq(batches.id, id), eq(batches.leaseOwner, owner)))
    .returning({ status: batches.status });
  return row ? { held: true, status: row.status } : { held: false };
}

/** The lines already answered (a resumed batch skips them). */
export async function answeredBatchLines(db: Database, id: string): Promise<Set<number>> {
  const rows = await db.select({ lineIndex: batchLines.lineIndex }).from(batchLines).where(eq(batchLines.batchId, id));
  return new Set(rows.map((row) => row.lineIndex));
}

/** One line's answer, once (a line answered twice after a takeover keeps its first answer), with the batch's counts. */
export async function recordBatchLine(db: Database, id: string, line: { lineIndex: number; failed: boolean; outcome: Record<string, unknown> }): Promise<void> {
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(batchLines).values({ batchId: id, ...line }).onConflictDoNothing().returning({ lineIndex: batchLines.lineIndex });
    if (inserted.length === 0) return;
    await tx
      .update(batches)
      .set(line.failed ? { failed: sql`${batches.failed} + 1` } : { completed: sql`${batches.completed} + 1` })
      .where(eq(batches.id, id));
  });
}

export interface BatchEnd {
  status: 'completed' | 'cancelled' | 'failed' | 'expired';
  /** The owner of the files written (the batch's). */
  owner: { keyHash: string | null; userId: string | null; teamId: string | null };
  newFileId: () => string;
  errors?: Record<string, unknown>;
}

/**
 * Ends a batch in one transaction: its answered lines become the output file (successes) and the error file
 * (failures), in input order, owned as the batch is; the status, the times and the file ids are set and the lease
 * let go. Only the lease's holder ends it.
 */
export async function finishBatch(db: Database, id: string, leaseOwner: string, end: BatchEnd): Promise<BatchRecord | undefined> {
  return db.transaction(async (tx) => {
    const lines = await tx.select().from(batchLines).where(eq(batchLines.batchId, id)).orderBy(asc(batchLines.lineIndex));
    const fileOf = async (failed: boolean): Promise<string | null> => {
      const chosen = lines.filter((line) => line.failed === failed);
      if (chosen.length === 0) return null;
      const fileId = end.newFileId();
      const content = Buffer.from(chosen.map((line) => `${JSON.stringify(line.outcome)}\n`).join(''));
      await tx.insert(files).values({ id: fileId, purpose: 'batch_output', filename: `${id}_${failed ? 'error' : 'output'}.jsonl`, bytes: content.length, content, ...end.owner });
      return fileId;
    };
    const outputFileId = await fileOf(false);
    const errorFileId = await fileOf(true);
    const at = { completed: 'completedAt', cancelled: 'cancelledAt', failed: 'failedAt', expired: 'expiredAt' }[end.status];
    const [row] = await tx
      .update(batches)
      .set({
        status: end.status,
        [at]: sql`now()`,
        finalizingAt: sql`coalesce(${batches.finalizingAt}, now())`,
        outputFileId,
        errorFileId,
        completed: lines.filter((line) => !line.failed).length,
        failed: lines.filter((line) => line.failed).length,
        ...(end.errors ? { errors: end.errors } : {}),
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(and(eq(batches.id, id), eq(batches.leaseOwner, leaseOwner), inArray(batches.status, OPEN)))
      .returning();
    return row;
  });
}
