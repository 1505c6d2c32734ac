import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { hashApiKey, maskApiKey } from '../hash-secret.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { deletedKeys, keys } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

export type KeyRecord = typeof keys.$inferSelect;
export type DeletedKeyRecord = typeof deletedKeys.$inferSelect;
type KeyInsert = typeof keys.$inferInsert;

/** A new key: the raw value is hashed here and never stored; the caller shows it to the user once. */
export type NewKey = Omit<KeyInsert, 'hash' | 'keyName' | 'createdAt' | 'updatedAt'> & { rawKey: string };
export type KeyChanges = Partial<Omit<KeyInsert, 'hash' | 'keyName' | 'createdAt' | 'createdBy'>>;

export async function insertKey(db: Database, { rawKey, ...fields }: NewKey): Promise<KeyRecord> {
  const hash = hashApiKey(rawKey);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(keys)
      .values({ ...fields, hash, keyName: maskApiKey(rawKey) })
      .returning();
    await appendOutbox(tx, { entityType: 'key', entityId: hash, action: 'insert' });
    return row as KeyRecord;
  });
}

export async function findKeyByHash(db: Database, hash: string): Promise<KeyRecord | undefined> {
  const [row] = await db.select().from(keys).where(eq(keys.hash, hash)).limit(1);
  return row;
}

export async function findKeyByAlias(db: Database, alias: string): Promise<KeyRecord | undefined> {
  const [row] = await db.select().from(keys).where(eq(keys.alias, alias)).limit(1);
  return row;
}

/** Changes only the fields given; undefined when there is no such key. */
export async function updateKey(db: Database, hash: string, changes: KeyChanges): Promise<KeyRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(keys)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(keys.hash, hash))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'key', entityId: hash, action: 'update' });
    return row;
  });
}

/** Moves the key into the archive and deletes it, in one transaction; undefined when there is no such key. */
export async function archiveAndDeleteKey(db: Database, hash: string, { deletedBy }: { deletedBy?: string } = {}): Promise<KeyRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(keys).where(eq(keys.hash, hash)).returning();
    if (!row) return undefined;
    await tx.insert(deletedKeys).values({
      hash: row.hash,
      keyName: row.keyName,
      alias: row.alias,
      userId: row.userId,
      teamId: row.teamId,
      organizationId: row.organizationId,
      spend: row.spend,
      snapshot: JSON.parse(JSON.stringify(row)) as Record<string, unknown>,
      deletedBy: deletedBy ?? null,
    });
    await appendOutbox(tx, { entityType: 'key', entityId: hash, action: 'delete' });
    return row;
  });
}

export interface KeyFilter extends PageRequest {
  userId?: string;
  teamId?: string;
  organizationId?: string;
  alias?: string;
}

function keyConditions(filter: { userId?: string; teamId?: string; organizationId?: string; alias?: string }): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.userId !== undefined) conditions.push(eq(keys.userId, filter.userId));
  if (filter.teamId !== undefined) conditions.push(eq(keys.teamId, filter.teamId));
  if (filter.organizationId !== undefined) conditions.push(eq(keys.organizationId, filter.organizationId));
  if (filter.alias !== undefined) conditions.push(eq(keys.alias, filter.alias));
  return and(...conditions);
}

/** Newest first. */
export async function listKeys(db: Database, filter: KeyFilter = {}): Promise<Page<KeyRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where = keyConditions(filter);
  const [items, total] = await Promise.all([
    db.select().from(keys).where(where).orderBy(desc(keys.createdAt), keys.hash).limit(limit).offset(offset),
    db.$count(keys, where),
  ]);
  return { items, total, page, pageSize };
}

/** Archived keys with this hash, newest deletion first. */
export async function findDeletedKeys(db: Database, hash: string): Promise<DeletedKeyRecord[]> {
  return db.select().from(deletedKeys).where(eq(deletedKeys.hash, hash)).orderBy(desc(deletedKeys.deletedAt));
}

/** Whether any unblocked key carries this metadata flag as `true` (e.g. a live SCIM token exists). */
export async function hasUnblockedKeyWithFlag(db: Database, flag: string): Promise<boolean> {
  const [row] = await db.select({ hash: keys.hash }).from(keys).where(and(eq(keys.blocked, false), sql`(${keys.metadata} ->> ${flag}) = 'true'`)).limit(1);
  return row !== undefined;
}
