import { randomUUID } from 'node:crypto';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { organizations } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

export type OrganizationRecord = typeof organizations.$inferSelect;
type OrganizationInsert = typeof organizations.$inferInsert;
export type NewOrganization = Omit<OrganizationInsert, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
export type OrganizationChanges = Partial<Omit<OrganizationInsert, 'id' | 'createdAt' | 'createdBy'>>;

export async function insertOrganization(db: Database, { id = randomUUID(), ...fields }: NewOrganization): Promise<OrganizationRecord> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(organizations)
      .values({ ...fields, id })
      .returning();
    await appendOutbox(tx, { entityType: 'organization', entityId: id, action: 'insert' });
    return row as OrganizationRecord;
  });
}

export async function findOrganizationById(db: Database, id: string): Promise<OrganizationRecord | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return row;
}

export async function updateOrganization(db: Database, id: string, changes: OrganizationChanges): Promise<OrganizationRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(organizations)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(organizations.id, id))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'organization', entityId: id, action: 'update' });
    return row;
  });
}

/** Refused (foreign key) while teams or keys still belong to the organization. */
export async function deleteOrganization(db: Database, id: string): Promise<OrganizationRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(organizations).where(eq(organizations.id, id)).returning();
    if (row) await appendOutbox(tx, { entityType: 'organization', entityId: id, action: 'delete' });
    return row;
  });
}

export interface OrganizationFilter extends PageRequest {
  alias?: string;
}

export async function listOrganizations(db: Database, filter: OrganizationFilter = {}): Promise<Page<OrganizationRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const conditions: SQL[] = [];
  if (filter.alias !== undefined) conditions.push(eq(organizations.alias, filter.alias));
  const where = and(...conditions);
  const [items, total] = await Promise.all([
    db.select().from(organizations).where(where).orderBy(asc(organizations.createdAt), asc(organizations.id)).limit(limit).offset(offset),
    db.$count(organizations, where),
  ]);
  return { items, total, page, pageSize };
}
