import { and, asc, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { budgets, spendLogs, tags } from '../schema/index.ts';
import type { BudgetRecord } from './budgets.ts';
import { appendOutbox } from './outbox.ts';

export type TagRecord = typeof tags.$inferSelect;
type TagInsert = typeof tags.$inferInsert;
export type NewTag = Omit<TagInsert, 'createdAt' | 'updatedAt'>;
export type TagChanges = Partial<Pick<TagInsert, 'description' | 'models' | 'budgetId' | 'updatedBy'>>;

/** Undefined when the name is taken. */
export async function insertTag(db: Database, tag: NewTag): Promise<TagRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(tags).values({ ...tag, updatedBy: tag.createdBy ?? null }).onConflictDoNothing().returning();
    if (row) await appendOutbox(tx, { entityType: 'tag', entityId: row.name, action: 'insert' });
    return row;
  });
}

export async function findTagsByNames(db: Database, names: readonly string[]): Promise<TagRecord[]> {
  if (names.length === 0) return [];
  return db.select().from(tags).where(inArray(tags.name, [...names])).orderBy(asc(tags.name));
}

/** Every managed tag, by name (a proxy keeps tens or hundreds of them). */
export async function listTags(db: Database): Promise<TagRecord[]> {
  return db.select().from(tags).orderBy(asc(tags.name));
}

export async function updateTag(db: Database, name: string, changes: TagChanges): Promise<TagRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(tags).set({ ...changes, updatedAt: new Date() }).where(eq(tags.name, name)).returning();
    if (row) await appendOutbox(tx, { entityType: 'tag', entityId: name, action: 'update' });
    return row;
  });
}

/** The deleted tag, if there was one. */
export async function deleteTag(db: Database, name: string): Promise<TagRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(tags).where(eq(tags.name, name)).returning();
    if (row) await appendOutbox(tx, { entityType: 'tag', entityId: name, action: 'delete' });
    return row;
  });
}

/** A tag's limits: its budget row's, for the tags whose row sets any. */
export type TagLimitsRecord = { name: string } & Pick<BudgetRecord, 'maxBudget' | 'softBudget' | 'budgetDuration' | 'budgetResetAt' | 'rpmLimit' | 'tpmLimit' | 'maxParallelRequests'>;

/** Every tag that limits the calls carrying it (what the gateway holds in memory: no query per call). */
export async function listTagLimits(db: Database): Promise<TagLimitsRecord[]> {
  return db
    .select({
      name: tags.name,
      maxBudget: budgets.maxBudget,
      softBudget: budgets.softBudget,
      budgetDuration: budgets.budgetDuration,
      budgetResetAt: budgets.budgetResetAt,
      rpmLimit: budgets.rpmLimit,
      tpmLimit: budgets.tpmLimit,
      maxParallelRequests: budgets.maxParallelRequests,
    })
    .from(tags)
    .innerJoin(budgets, eq(budgets.id, tags.budgetId))
    .where(or(isNotNull(budgets.maxBudget), isNotNull(budgets.rpmLimit), isNotNull(budgets.tpmLimit), isNotNull(budgets.maxParallelRequests)));
}

/**
 * What the calls carrying a tag spent (decimal dollars) since `since` (a budget period's start; all of it when
 * absent), from the spend logs' `request_tags`: the seed of the tag's budget counter, and its spend as `/tag/info`
 * shows it.
 */
export async function tagSpendSince(db: Database, tag: string, since?: Date): Promise<string> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${spendLogs.spend}), 0)::text` })
    .from(spendLogs)
    .where(and(sql`${spendLogs.metadata} -> 'request_tags' ? ${tag}`, since ? gte(spendLogs.startTime, since) : undefined));
  return row?.total ?? '0';
}
