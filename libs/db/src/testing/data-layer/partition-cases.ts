import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../database.ts';
import { listSpendLogPartitions, maintainSpendLogPartitions } from '../../partitions/spend-log-partitions.ts';
import { insertSpendBatch } from '../../repositories/spend.ts';
import { spendLogs } from '../../schema/index.ts';
import type { BackendRef } from './backend.ts';

async function partitionOf(db: Database, requestId: string): Promise<string | undefined> {
  const [row] = await db.select({ partition: sql<string>`${spendLogs}.tableoid::regclass::text` }).from(spendLogs).where(eq(spendLogs.requestId, requestId));
  return row?.partition;
}

async function logAt(db: Database, startTime: string): Promise<string> {
  const requestId = randomUUID();
  await insertSpendBatch(db, [{ requestId, startTime, endTime: startTime, model: 'partition-test', spend: '0.001', status: 'success' }]);
  return requestId;
}

/** Last in the suite: retention drops every month before its cutoff, whoever's rows they hold. */
export function partitionCases(backend: BackendRef): void {
  describe('spend_logs partitions', () => {
    it('is partitioned by range on start_time from the first migration, with a default partition', async () => {
      const { db } = backend();
      const [parent] = await db.select({ kind: sql<string>`relkind::text` }).from(sql`pg_class`).where(sql`oid = 'spend_logs'::regclass`);
      expect(parent?.kind).toBe('p');
      expect(await listSpendLogPartitions(db)).toContain('spend_logs_default');
    });

    it('creates upcoming months, moving their rows out of the default partition, idempotently', async () => {
      const { db } = backend();
      const early = await logAt(db, '2041-06-10T12:00:00Z');
      expect(await partitionOf(db, early)).toBe('spend_logs_default');
      const changes = await maintainSpendLogPartitions(db, { retentionDays: null, monthsAhead: 1, now: new Date('2041-06-20T00:00:00Z') });
      expect(changes).toEqual({ created: ['spend_logs_p204106', 'spend_logs_p204107'], dropped: [] });
      expect(await partitionOf(db, early)).toBe('spend_logs_p204106');
      expect(await partitionOf(db, await logAt(db, '2041-07-31T23:59:59Z'))).toBe('spend_logs_p204107');
      expect(await partitionOf(db, await logAt(db, '2041-08-01T00:00:00Z'))).toBe('spend_logs_default');
      expect(await maintainSpendLogPartitions(db, { retentionDays: null, monthsAhead: 1, now: new Date('2041-06-25T00:00:00Z') })).toEqual({ created: [], dropped: [] });
    });

    it('drops whole months past SPEND_LOG_RETENTION_DAYS and keeps the rest', async () => {
      const { db } = backend();
      const old = await logAt(db, '2041-06-11T00:00:00Z');
      const kept = await logAt(db, '2041-07-02T00:00:00Z');
      // 2041-08-05 minus 30 days is 2041-07-06: June is wholly older, July is not.
      const changes = await maintainSpendLogPartitions(db, { retentionDays: 30, monthsAhead: 0, now: new Date('2041-08-05T00:00:00Z') });
      expect(changes.created).toEqual(['spend_logs_p204108']);
      expect(changes.dropped).toContain('spend_logs_p204106');
      expect(changes.dropped).not.toContain('spend_logs_p204107');
      expect(await partitionOf(db, old)).toBeUndefined();
      expect(await partitionOf(db, kept)).toBe('spend_logs_p204107');
      const partitions = await listSpendLogPartitions(db);
      expect(partitions).toEqual(expect.arrayContaining(['spend_logs_default', 'spend_logs_p204107', 'spend_logs_p204108']));
      expect(partitions).not.toContain('spend_logs_p204106');
    });
  });
}
