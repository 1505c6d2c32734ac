import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { pageWindow, type PageRequest } from '../paging.ts';
import { spendLogs } from '../schema/index.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SpendLogRecord = typeof spendLogs.$inferSelect;

export interface SpendLogFilter extends PageRequest {
  /** The gateway's request id or the response's `id` (what the client saw): rows matching either. */
  requestId?: string;
  keyHash?: string;
  userId?: string;
  teamId?: string;
  organizationId?: string;
  endUser?: string;
  model?: string;
  /** Inclusive lower bound on start_time; give it (and `to`) so only the matching partitions are read. */
  from?: Date;
  /** Exclusive upper bound on start_time. */
  to?: Date;
}

/** A page without a total: counting spend rows is what made the reference's log pages time out. */
export interface SpendLogPage {
  items: SpendLogRecord[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** Newest first. */
export async function listSpendLogs(db: Database, filter: SpendLogFilter = {}): Promise<SpendLogPage> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const conditions: SQL[] = [];
  if (filter.requestId !== undefined) {
    const byResponse = eq(spendLogs.responseId, filter.requestId);
    conditions.push(UUID_PATTERN.test(filter.requestId) ? (or(eq(spendLogs.requestId, filter.requestId), byResponse) as SQL) : byResponse);
  }
  if (filter.keyHash !== undefined) conditions.push(eq(spendLogs.keyHash, filter.keyHash));
  if (filter.userId !== undefined) conditions.push(eq(spendLogs.userId, filter.userId));
  if (filter.teamId !== undefined) conditions.push(eq(spendLogs.teamId, filter.teamId));
  if (filter.organizationId !== undefined) conditions.push(eq(spendLogs.organizationId, filter.organizationId));
  if (filter.endUser !== undefined) conditions.push(eq(spendLogs.endUser, filter.endUser));
  if (filter.model !== undefined) conditions.push(eq(spendLogs.model, filter.model));
  if (filter.from !== undefined) conditions.push(gte(spendLogs.startTime, filter.from));
  if (filter.to !== undefined) conditions.push(lt(spendLogs.startTime, filter.to));
  const rows = await db
    .select()
    .from(spendLogs)
    .where(and(...conditions))
    .orderBy(desc(spendLogs.startTime), desc(spendLogs.requestId))
    .limit(limit + 1)
    .offset(offset);
  return { items: rows.slice(0, limit), page, pageSize, hasMore: rows.length > limit };
}

/** The row of one request; a request id is a UUID, so anything else finds nothing without a query. */
export async function findSpendLog(db: Database, requestId: string): Promise<SpendLogRecord | undefined> {
  if (!UUID_PATTERN.test(requestId)) return undefined;
  const [row] = await db.select().from(spendLogs).where(eq(spendLogs.requestId, requestId)).limit(1);
  return row;
}
