import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../database.ts';
import { dailySpend, type SpendEntityType } from '../schema/index.ts';

export type DailySpendRecord = typeof dailySpend.$inferSelect;

export interface DailySpendFilter {
  entityType: SpendEntityType;
  /** Omit for every entity of the type. */
  entityIds?: string[];
  model?: string;
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  from: string;
  to: string;
}

function conditionsOf(filter: DailySpendFilter): SQL | undefined {
  const conditions: SQL[] = [eq(dailySpend.entityType, filter.entityType), gte(dailySpend.day, filter.from), lte(dailySpend.day, filter.to)];
  if (filter.entityIds !== undefined) conditions.push(inArray(dailySpend.entityId, filter.entityIds));
  if (filter.model !== undefined) conditions.push(eq(dailySpend.model, filter.model));
  return and(...conditions);
}

/** The daily rows themselves, by day, entity and model: what activity charts plot. */
export async function readDailySpend(db: Database, filter: DailySpendFilter): Promise<DailySpendRecord[]> {
  return db
    .select()
    .from(dailySpend)
    .where(conditionsOf(filter))
    .orderBy(asc(dailySpend.day), asc(dailySpend.entityId), asc(dailySpend.model));
}

export interface SpendSummary {
  /** The entity id, model or day the totals are for. */
  group: string;
  spend: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  requests: number;
  successes: number;
  failures: number;
}

const GROUP_COLUMNS = { entity: dailySpend.entityId, model: dailySpend.model, day: dailySpend.day } as const;

/** Totals over a range of days grouped by entity, model or day (`/global/spend/report`), biggest spend first. */
export async function summarizeDailySpend(db: Database, filter: DailySpendFilter & { groupBy: keyof typeof GROUP_COLUMNS }): Promise<SpendSummary[]> {
  const group = GROUP_COLUMNS[filter.groupBy];
  const total = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
  return db
    .select({
      group: sql<string>`${group}::text`,
      spend: sql<string>`coalesce(sum(${dailySpend.spend}), 0)::text`,
      promptTokens: total(dailySpend.promptTokens),
      completionTokens: total(dailySpend.completionTokens),
      totalTokens: total(dailySpend.totalTokens),
      requests: total(dailySpend.requests),
      successes: total(dailySpend.successes),
      failures: total(dailySpend.failures),
    })
    .from(dailySpend)
    .where(conditionsOf(filter))
    .groupBy(group)
    .orderBy(sql`sum(${dailySpend.spend}) desc`, asc(group));
}
