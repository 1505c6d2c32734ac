import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../database.ts';

export interface PartitionChanges {
  created: string[];
  dropped: string[];
}

export interface PartitionMaintenanceOptions {
  /** Whole months older than this many days are dropped; null keeps everything. */
  retentionDays: number | null;
  /** Monthly partitions to have ready after the current one. */
  monthsAhead?: number;
  now?: Date;
}

/**
 * Runs `spend_logs_maintain_partitions` (see drizzle/0001_spend_logs_partitioned.sql): creates this month's
 * and the next `monthsAhead` partitions, moving any of their rows out of the default partition, and drops
 * the partitions past retention. Idempotent, and serialized in the database across processes.
 */
export async function maintainSpendLogPartitions(db: Database, { retentionDays, monthsAhead = 2, now = new Date() }: PartitionMaintenanceOptions): Promise<PartitionChanges> {
  const rows = await db
    .select({ change: sql<string>`change`, partition: sql<string>`partition_table` })
    .from(sql`spend_logs_maintain_partitions(${retentionDays}::integer, ${monthsAhead}::integer, ${now.toISOString()}::timestamptz)`);
  return {
    created: rows.filter((row) => row.change === 'created').map((row) => row.partition),
    dropped: rows.filter((row) => row.change === 'dropped').map((row) => row.partition),
  };
}

/** Partition names of spend_logs, sorted: `spend_logs_default` and `spend_logs_pYYYYMM`. */
export async function listSpendLogPartitions(db: Database): Promise<string[]> {
  const rows = await db
    .select({ name: sql<string>`child.relname::text` })
    .from(sql`pg_inherits as inheritance join pg_class as child on child.oid = inheritance.inhrelid`)
    .where(sql`inheritance.inhparent = 'spend_logs'::regclass`)
    .orderBy(sql`child.relname`);
  return rows.map((row) => row.name);
}

const retentionSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'SPEND_LOG_RETENTION_DAYS must be a whole number of days')
  .transform(Number)
  .refine((days) => days >= 1 && days <= 36_500, 'SPEND_LOG_RETENTION_DAYS must be between 1 and 36500');

/** `SPEND_LOG_RETENTION_DAYS`: unset or empty keeps spend rows forever. */
export function spendLogRetentionDays(env: Readonly<Record<string, string | undefined>>): number | null {
  const raw = env.SPEND_LOG_RETENTION_DAYS;
  if (raw === undefined || raw.trim() === '') return null;
  const parsed = retentionSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid SPEND_LOG_RETENTION_DAYS');
  return parsed.data;
}
