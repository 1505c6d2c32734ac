import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { budgets } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

export type BudgetRecord = typeof budgets.$inferSelect;
type BudgetInsert = typeof budgets.$inferInsert;
export type NewBudget = Omit<BudgetInsert, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
export type BudgetChanges = Partial<Omit<BudgetInsert, 'id' | 'createdAt' | 'createdBy'>>;

export async function insertBudget(db: Database, { id = randomUUID(), ...fields }: NewBudget): Promise<BudgetRecord> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(budgets)
      .values({ ...fields, id })
      .returning();
    await appendOutbox(tx, { entityType: 'budget', entityId: id, action: 'insert' });
    return row as BudgetRecord;
  });
}

/** The budget of that id; undefined for none, and without a query when there is no id (a row with no budget linked). */
export async function findBudgetById(db: Database, id: string | null | undefined): Promise<BudgetRecord | undefined> {
  if (!id) return undefined;
  const [row] = await db.select().from(budgets).where(eq(budgets.id, id)).limit(1);
  return row;
}

export async function updateBudget(db: Database, id: string, changes: BudgetChanges): Promise<BudgetRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(budgets)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(budgets.id, id))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'budget', entityId: id, action: 'update' });
    return row;
  });
}

/** Whatever used the budget keeps existing without it (`budget_id` is set to null). */
export async function deleteBudget(db: Database, id: string): Promise<BudgetRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(budgets).where(eq(budgets.id, id)).returning();
    if (row) await appendOutbox(tx, { entityType: 'budget', entityId: id, action: 'delete' });
    return row;
  });
}

export async function listBudgets(db: Database, request: PageRequest = {}): Promise<Page<BudgetRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(request);
  const [items, total] = await Promise.all([
    db.select().from(budgets).orderBy(asc(budgets.createdAt), asc(budgets.id)).limit(limit).offset(offset),
    db.$count(budgets),
  ]);
  return { items, total, page, pageSize };
}
