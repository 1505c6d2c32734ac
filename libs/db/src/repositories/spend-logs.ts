import { and, asc, desc, eq, gte, lte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../database.ts';
import type { PageRequest } from '../paging.ts';
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
  /** Inclusive bounds on the row's spend (USD, as decimal text or a number). */
  minSpend?: number;
  maxSpend?: number;
  status?: 'success' | 'failure';
  /** Newest first unless told (LiteLLM's `sort_by`/`sort_order`); ties broken by request id the same way. */
  sortBy?: 'start_time' | 'spend' | 'total_tokens';
  sortOrder?: 'asc' | 'desc';
}

/** A page without a total: counting spend rows is what made the reference's log pages time out. */
export interface SpendLogPage {
  items: SpendLogRecord[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** The conditions of a filter, shared by the page, its capped count and the daily summary. */
function conditionsOf(filter: SpendLogFilter): SQL[] {
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
  if (filter.minSpend !== undefined) conditions.push(gte(spendLogs.spend, String(filter.minSpend)));
  if (filter.maxSpend !== undefined) conditions.push(lte(spendLogs.spend, String(filter.maxSpend)));
  if (filter.status !== undefined) conditions.push(eq(spendLogs.status, filter.status));
  return conditions;
}

const SORT_COLUMNS = { start_time: spendLogs.startTime, spend: spendLogs.spend, total_tokens: spendLogs.totalTokens } as const;
/** Spend log pages go up to LiteLLM's `/spend/logs/v2` page size. */
export const MAX_SPEND_LOG_PAGE_SIZE = 1_000;

/** Newest first (see SpendLogFilter.sortBy). */
export async function listSpendLogs(db: Database, filter: SpendLogFilter = {}): Promise<SpendLogPage> {
  const page = filter.page ?? 1;
  const pageSize = Math.min(filter.pageSize ?? 50, MAX_SPEND_LOG_PAGE_SIZE);
  const order = filter.sortOrder === 'asc' ? asc : desc;
  const rows = await db
    .select()
    .from(spendLogs)
    .where(and(...conditionsOf(filter)))
    .orderBy(order(SORT_COLUMNS[filter.sortBy ?? 'start_time']), order(spendLogs.requestId))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return { items: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
}

/**
 * How many rows a filter matches, counted up to `cap` (LiteLLM's `SPEND_LOGS_PAGINATION_COUNT_CAP`, 10,000): an
 * exact count reads every matching row, which is what made the reference's log pages time out on large tables.
 */
export async function countSpendLogs(db: Database, filter: SpendLogFilter, cap: number): Promise<{ total: number; capped: boolean }> {
  const matching = db.select({ one: sql`1` }).from(spendLogs).where(and(...conditionsOf(filter))).limit(cap + 1).as('matching');
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(matching);
  const counted = Number(row?.count ?? 0);
  return counted > cap ? { total: cap, capped: true } : { total: counted, capped: false };
}

/** One (day, key, user, model)'s spend: what LiteLLM's summarized `/spend/logs` adds up. */
export interface SpendLogDaySum {
  day: string;
  keyHash: string | null;
  userId: string | null;
  model: string;
  spend: string;
}

/** A row's UTC day, `YYYY-MM-DD`, as the daily aggregates bucket it. */
const UTC_DAY = sql<string>`to_char(${spendLogs.startTime} at time zone 'UTC', 'YYYY-MM-DD')`;

/** The filter's rows summed per UTC day, key, user and model, oldest day first. */
export async function sumSpendLogsByDay(db: Database, filter: SpendLogFilter): Promise<SpendLogDaySum[]> {
  return db
    .select({ day: UTC_DAY, keyHash: spendLogs.keyHash, userId: spendLogs.userId, model: spendLogs.model, spend: sql<string>`sum(${spendLogs.spend})::text` })
    .from(spendLogs)
    .where(and(...conditionsOf(filter)))
    .groupBy(UTC_DAY, spendLogs.keyHash, spendLogs.userId, spendLogs.model)
    .orderBy(UTC_DAY);
}

/** The row of one request; a request id is a UUID, so anything else finds nothing without a query. */
export async function findSpendLog(db: Database, requestId: string): Promise<SpendLogRecord | undefined> {
  if (!UUID_PATTERN.test(requestId)) return undefined;
  const [row] = await db.select().from(spendLogs).where(eq(spendLogs.requestId, requestId)).limit(1);
  return row;
}

const GROUPABLE = {
  day: UTC_DAY,
  provider: spendLogs.provider,
  endUser: spendLogs.endUser,
  keyHash: spendLogs.keyHash,
  model: spendLogs.model,
  callType: spendLogs.callType,
} as const;
export type SpendLogGroupColumn = keyof typeof GROUPABLE;

/** One group's totals (`groupSpendLogs`); the columns grouped by are set, the others absent. */
export interface SpendLogGroup {
  /** The UTC day, `YYYY-MM-DD`. */
  day?: string;
  provider?: string | null;
  endUser?: string | null;
  keyHash?: string | null;
  model?: string;
  callType?: string | null;
  spend: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Requests answered from the response cache, and the completion tokens they carried. */
  cacheHits: number;
  cachedCompletionTokens: number;
}

/**
 * The filter's rows totalled per group of the given columns, biggest spend first (LiteLLM's global spend views that
 * the daily aggregates cannot answer: by provider, by end user within a key, by key and model within a user). Give
 * `from` and `to`: only their partitions are read.
 */
export async function groupSpendLogs(db: Database, filter: SpendLogFilter, by: readonly SpendLogGroupColumn[], limit?: number): Promise<SpendLogGroup[]> {
  const columns = Object.fromEntries(by.map((column) => [column, GROUPABLE[column]]));
  const total = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)::bigint`.mapWith(Number);
  const query = db
    .select({
      ...columns,
      spend: sql<string>`coalesce(sum(${spendLogs.spend}), 0)::text`,
      requests: sql<number>`count(*)::int`.mapWith(Number),
      promptTokens: total(spendLogs.promptTokens),
      completionTokens: total(spendLogs.completionTokens),
      totalTokens: total(spendLogs.totalTokens),
      cacheHits: sql<number>`count(*) filter (where ${spendLogs.cacheHit})::int`.mapWith(Number),
      cachedCompletionTokens: sql<number>`coalesce(sum(${spendLogs.completionTokens}) filter (where ${spendLogs.cacheHit}), 0)::bigint`.mapWith(Number),
    })
    .from(spendLogs)
    .where(and(...conditionsOf(filter)))
    .groupBy(...by.map((column) => GROUPABLE[column]))
    .orderBy(desc(sql`sum(${spendLogs.spend})`), ...by.map((column) => asc(GROUPABLE[column])));
  return (limit === undefined ? query : query.limit(limit)) as Promise<SpendLogGroup[]>;
}

/** One request tag's spend (`sumSpendLogsByTag`), in SpendSummary's fields. */
export interface SpendLogTagSum {
  tag: string;
  spend: string;
  requests: number;
  successes: number;
  failures: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/**
 * The filter's rows totalled per request tag (LiteLLM's `request_tags`, kept in a row's metadata), biggest spend first;
 * a row with several tags counts for each. `tags` keeps only those. Give `from` and `to`: only their partitions are read.
 */
export async function sumSpendLogsByTag(db: Database, filter: SpendLogFilter, tags?: readonly string[]): Promise<SpendLogTagSum[]> {
  return totalsPerTag(db, filter, tags, false);
}

/** One request tag's totals on one UTC day for one model (`dailySpendLogsByTag`). */
export interface SpendLogTagDay extends SpendLogTagSum {
  day: string;
  model: string;
}

/** sumSpendLogsByTag per UTC day and model too, by day: what a tag's daily activity chart plots. */
export async function dailySpendLogsByTag(db: Database, filter: SpendLogFilter, tags?: readonly string[]): Promise<SpendLogTagDay[]> {
  return totalsPerTag(db, filter, tags, true) as Promise<SpendLogTagDay[]>;
}

async function totalsPerTag(db: Database, filter: SpendLogFilter, tags: readonly string[] | undefined, perDayAndModel: boolean): Promise<SpendLogTagSum[]> {
  const conditions = conditionsOf(filter);
  if (tags !== undefined) conditions.push(tags.length === 0 ? sql`false` : sql`t.tag in (${sql.join(tags.map((tag) => sql`${tag}`), sql`, `)})`);
  const where = and(...conditions);
  const extra = perDayAndModel ? sql`, ${UTC_DAY} as day, ${spendLogs.model} as model` : sql``;
  const result = (await db.execute(sql`
    select t.tag${extra}, count(*)::int as requests, coalesce(sum(${spendLogs.spend}), 0)::text as spend,
      (count(*) filter (where ${spendLogs.status} = 'success'))::int as successes, (count(*) filter (where ${spendLogs.status} = 'failure'))::int as failures,
      coalesce(sum(${spendLogs.promptTokens}), 0)::bigint as prompt_tokens, coalesce(sum(${spendLogs.completionTokens}), 0)::bigint as completion_tokens,
      coalesce(sum(${spendLogs.totalTokens}), 0)::bigint as total_tokens
    from ${spendLogs}
    cross join lateral jsonb_array_elements_text(case when jsonb_typeof(${spendLogs.metadata} -> 'request_tags') = 'array' then ${spendLogs.metadata} -> 'request_tags' else '[]'::jsonb end) as t(tag)
    ${where === undefined ? sql`` : sql`where ${where}`}
    group by t.tag${perDayAndModel ? sql`, day, model` : sql``}
    order by ${perDayAndModel ? sql`day, ` : sql``}sum(${spendLogs.spend}) desc, t.tag`)) as unknown as { rows: Array<Record<string, unknown>> };
  return result.rows.map((row) => ({
    tag: String(row.tag),
    ...(perDayAndModel ? { day: String(row.day), model: String(row.model) } : {}),
    spend: String(row.spend),
    requests: Number(row.requests),
    successes: Number(row.successes),
    failures: Number(row.failures),
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    totalTokens: Number(row.total_tokens),
  }));
}
