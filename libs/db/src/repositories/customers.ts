import { randomUUID } from 'node:crypto';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { customers } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

export type CustomerRecord = typeof customers.$inferSelect;
type CustomerInsert = typeof customers.$inferInsert;
export type NewCustomer = Omit<CustomerInsert, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
export type CustomerChanges = Partial<Omit<CustomerInsert, 'id' | 'createdAt' | 'createdBy'>>;

export async function insertCustomer(db: Database, { id = randomUUID(), ...fields }: NewCustomer): Promise<CustomerRecord> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(customers)
      .values({ ...fields, id })
      .returning();
    await appendOutbox(tx, { entityType: 'customer', entityId: id, action: 'insert' });
    return row as CustomerRecord;
  });
}

export async function findCustomerById(db: Database, id: string): Promise<CustomerRecord | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id)).limit(1);
  return row;
}

export async function updateCustomer(db: Database, id: string, changes: CustomerChanges): Promise<CustomerRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(customers.id, id))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'customer', entityId: id, action: 'update' });
    return row;
  });
}

export async function deleteCustomer(db: Database, id: string): Promise<CustomerRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(customers).where(eq(customers.id, id)).returning();
    if (row) await appendOutbox(tx, { entityType: 'customer', entityId: id, action: 'delete' });
    return row;
  });
}

export interface CustomerFilter extends PageRequest {
  alias?: string;
}

export async function listCustomers(db: Database, filter: CustomerFilter = {}): Promise<Page<CustomerRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const conditions: SQL[] = [];
  if (filter.alias !== undefined) conditions.push(eq(customers.alias, filter.alias));
  const where = and(...conditions);
  const [items, total] = await Promise.all([
    db.select().from(customers).where(where).orderBy(asc(customers.createdAt), asc(customers.id)).limit(limit).offset(offset),
    db.$count(customers, where),
  ]);
  return { items, total, page, pageSize };
}
