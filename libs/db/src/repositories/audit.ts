import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Database, Transaction } from '../database.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { auditLog } from '../schema/index.ts';

export type AuditEntry = typeof auditLog.$inferInsert;
export type AuditRecord = typeof auditLog.$inferSelect;

/** Writes one audit row in the transaction of the change it describes. */
export async function appendAudit(tx: Transaction, entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditRecord> {
  const [row] = await tx.insert(auditLog).values(entry).returning();
  return row as AuditRecord;
}

export interface AuditFilter extends PageRequest {
  tableName?: string;
  objectId?: string;
  actor?: string;
}

/** Newest first. */
export async function listAudit(db: Database, filter: AuditFilter = {}): Promise<Page<AuditRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const conditions: SQL[] = [];
  if (filter.tableName !== undefined) conditions.push(eq(auditLog.tableName, filter.tableName));
  if (filter.objectId !== undefined) conditions.push(eq(auditLog.objectId, filter.objectId));
  if (filter.actor !== undefined) conditions.push(eq(auditLog.actor, filter.actor));
  const where = and(...conditions);
  const [items, total] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(limit).offset(offset),
    db.$count(auditLog, where),
  ]);
  return { items, total, page, pageSize };
}
