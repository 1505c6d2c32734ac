import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { hashApiKey, maskApiKey } from '../hash-secret.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { deletedKeys, keys } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';
import { containing } from './containing.ts';

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

/** The keys of these hashes that still exist (a spend view names keys some of which may be gone). */
export async function findKeysByHashes(db: Database, hashes: readonly string[]): Promise<KeyRecord[]> {
  if (hashes.length === 0) return [];
  return db.select().from(keys).where(inArray(keys.hash, [...hashes]));
}

/** Every key of a user or of a team (for per-key breakdowns of their activity). */
export async function findKeysOf(db: Database, owner: { userId: string } | { teamId: string }): Promise<KeyRecord[]> {
  return db.select().from(keys).where('userId' in owner ? eq(keys.userId, owner.userId) : eq(keys.teamId, owner.teamId));
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

/**
 * Sets a key's spend by hand (LiteLLM's `/key/{key}/reset_spend`) to `resetTo` (a decimal), never above what it has
 * spent: checked in the update itself, so a flush or another reset in between cannot make it a raise. Marks the
 * key's `spend_reset_at`, which gives its budget a new counter on every gateway (seeded from this spend). Undefined
 * when there is no such key; 'above_spend' when the key has spent less than `resetTo`.
 */
export async function resetKeySpend(db: Database, hash: string, resetTo: string, at: Date, updatedBy?: string): Promise<KeyRecord | 'above_spend' | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(keys)
      .set({ spend: resetTo, spendResetAt: at, updatedAt: at, ...(updatedBy ? { updatedBy } : {}) })
      .where(and(eq(keys.hash, hash), gte(keys.spend, resetTo)))
      .returning();
    if (row) {
      await appendOutbox(tx, { entityType: 'key', entityId: hash, action: 'update' });
      return row;
    }
    const [exists] = await tx.select({ hash: keys.hash }).from(keys).where(eq(keys.hash, hash)).limit(1);
    return exists ? 'above_spend' : undefined;
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
  hash?: string;
  /** Keys of these teams are listed too, whatever the other filters say (LiteLLM's `include_team_keys`). */
  orTeamIds?: readonly string[];
  /** Newest first unless told (LiteLLM's `sort_by`/`sort_order`). */
  sortBy?: 'spend' | 'max_budget' | 'created_at' | 'updated_at' | 'token' | 'key_alias';
  sortOrder?: 'asc' | 'desc';
}

function keyConditions(filter: KeyFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.userId !== undefined) conditions.push(eq(keys.userId, filter.userId));
  if (filter.teamId !== undefined) conditions.push(eq(keys.teamId, filter.teamId));
  if (filter.organizationId !== undefined) conditions.push(eq(keys.organizationId, filter.organizationId));
  if (filter.alias !== undefined) conditions.push(eq(keys.alias, filter.alias));
  if (filter.hash !== undefined) conditions.push(eq(keys.hash, filter.hash));
  const own = and(...conditions);
  if (!filter.orTeamIds || filter.orTeamIds.length === 0) return own;
  const teams = inArray(keys.teamId, [...filter.orTeamIds]);
  return own === undefined ? teams : or(own, teams);
}

const KEY_SORT_COLUMNS = { spend: keys.spend, max_budget: keys.maxBudget, created_at: keys.createdAt, updated_at: keys.updatedAt, token: keys.hash, key_alias: keys.alias } as const;

/** Newest first (see KeyFilter.sortBy); ties by hash, so pages never overlap. */
export async function listKeys(db: Database, filter: KeyFilter = {}): Promise<Page<KeyRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where = keyConditions(filter);
  const order = filter.sortOrder === 'asc' ? asc : desc;
  const sortBy = KEY_SORT_COLUMNS[filter.sortBy ?? 'created_at'];
  const [items, total] = await Promise.all([
    db.select().from(keys).where(where).orderBy(order(sortBy), keys.hash).limit(limit).offset(offset),
    db.$count(keys, where),
  ]);
  return { items, total, page, pageSize };
}

export interface KeyAliasFilter extends PageRequest, Pick<KeyFilter, 'userId' | 'teamId' | 'organizationId' | 'orTeamIds'> {
  /** Aliases that contain this text, whatever its case. */
  search?: string;
}

/** The distinct aliases of the keys a filter selects, in code point order, paginated (LiteLLM's `/key/aliases`). */
export async function listKeyAliases(db: Database, filter: KeyAliasFilter = {}): Promise<Page<string>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where = and(isNotNull(keys.alias), keyConditions(filter), filter.search ? ilike(keys.alias, containing(filter.search)) : undefined);
  const [rows, counted] = await Promise.all([
    // By code point (`collate "C"`), so the order is the same whatever the database's locale.
    db.select({ alias: keys.alias }).from(keys).where(where).groupBy(keys.alias).orderBy(sql`${keys.alias} collate "C"`).limit(limit).offset(offset),
    db.select({ total: sql<number>`count(distinct ${keys.alias})::int` }).from(keys).where(where),
  ]);
  return { items: rows.map((row) => row.alias as string), total: counted[0]?.total ?? 0, page, pageSize };
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
