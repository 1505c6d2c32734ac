import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { teamMemberships, users, type UserRole } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';
import { containing } from './containing.ts';

export type UserRecord = typeof users.$inferSelect;
type UserInsert = typeof users.$inferInsert;
export type NewUser = Omit<UserInsert, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
export type UserChanges = Partial<Omit<UserInsert, 'id' | 'createdAt' | 'createdBy'>>;

export async function insertUser(db: Database, { id = randomUUID(), ...fields }: NewUser): Promise<UserRecord> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ ...fields, id })
      .returning();
    await appendOutbox(tx, { entityType: 'user', entityId: id, action: 'insert' });
    return row as UserRecord;
  });
}

export async function findUserById(db: Database, id: string): Promise<UserRecord | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Set to false in a user's metadata by SCIM deactivation: the gateway and the backend then refuse all their keys. */
export const USER_ACTIVE_FLAG = 'scim_active';

export function isUserDeactivated(user: Pick<UserRecord, 'metadata'>): boolean {
  return user.metadata[USER_ACTIVE_FLAG] === false;
}

/** Marks the user a master-key dashboard login acts as (only admins can write a user's metadata). */
export const MASTER_KEY_LOGIN_FLAG = 'switchboard_master_key_login';

/**
 * The user a master-key dashboard login acts as: the oldest proxy_admin carrying the flag (two first logins at
 * once may each create one; the oldest wins). Its id is random, so nobody can name it without reading it.
 */
export async function findMasterKeyUser(db: Database): Promise<UserRecord | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.role, 'proxy_admin'), sql`${users.metadata} ->> ${MASTER_KEY_LOGIN_FLAG} = 'true'`))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return row;
}

/** The oldest user whose metadata holds `value` under `field` (SCIM's `externalId`, say). */
export async function findUserByMetadataValue(db: Database, field: string, value: string): Promise<UserRecord | undefined> {
  const [row] = await db.select().from(users).where(sql`${users.metadata} ->> ${field} = ${value}`).orderBy(asc(users.createdAt), asc(users.id)).limit(1);
  return row;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRecord | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

/**
 * The user a login name means: the user with that exact id, else the one whose e-mail matches ignoring case.
 * One query whichever it is, so a lookup takes as long for a name that exists as for one that does not.
 */
export async function findUserByLoginName(db: Database, loginName: string): Promise<UserRecord | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(or(eq(users.id, loginName), sql`lower(${users.email}) = lower(${loginName})`))
    .orderBy(desc(sql`${users.id} = ${loginName}`), desc(sql`${users.email} = ${loginName}`), asc(users.id))
    .limit(1);
  return row;
}

export async function updateUser(db: Database, id: string, changes: UserChanges): Promise<UserRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'user', entityId: id, action: 'update' });
    return row;
  });
}

/**
 * The user's row, locked until the caller's transaction ends. A transaction that writes a user and their keys
 * takes this first: the spend flush adds to users before keys (COUNTER_ENTITIES' lock order), so one that locked
 * a key and then waited for its user could deadlock with a flush (PostgreSQL then aborts one of the two).
 */
export async function lockUser(tx: Database, id: string): Promise<UserRecord | undefined> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  return row;
}

/** Refused by the database (foreign key) while the user still owns keys: archive those first. */
export async function deleteUser(db: Database, id: string): Promise<UserRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(users).where(eq(users.id, id)).returning();
    if (row) await appendOutbox(tx, { entityType: 'user', entityId: id, action: 'delete' });
    return row;
  });
}

export interface UserFilter extends PageRequest {
  role?: UserRole;
  email?: string;
  /** Users whose e-mail contains this, any case (LiteLLM's `/user/list?user_email=`). */
  emailContains?: string;
  alias?: string;
  ids?: readonly string[];
  /** Only the members of this team. */
  teamId?: string;
  /** Oldest first unless told (LiteLLM's `sort_by`/`sort_order`). */
  sortBy?: 'user_id' | 'user_email' | 'created_at' | 'spend' | 'user_alias' | 'user_role';
  sortOrder?: 'asc' | 'desc';
}

const USER_SORT_COLUMNS = { user_id: users.id, user_email: users.email, created_at: users.createdAt, spend: users.spend, user_alias: users.alias, user_role: users.role } as const;
/** A LIKE pattern that matches the text itself: its own % and _ (and the escape) escaped. */

/** Every user's id, newest first, at most `limit` (a bulk change that must see them all asks for one more than it takes). */
export async function listAllUserIds(db: Database, limit: number): Promise<string[]> {
  const rows = await db.select({ id: users.id }).from(users).orderBy(desc(users.createdAt)).limit(limit);
  return rows.map((row) => row.id);
}

export async function listUsers(db: Database, filter: UserFilter = {}): Promise<Page<UserRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const conditions: SQL[] = [];
  if (filter.role !== undefined) conditions.push(eq(users.role, filter.role));
  if (filter.email !== undefined) conditions.push(eq(users.email, filter.email));
  if (filter.emailContains !== undefined) conditions.push(ilike(users.email, containing(filter.emailContains)));
  if (filter.alias !== undefined) conditions.push(eq(users.alias, filter.alias));
  if (filter.ids !== undefined) conditions.push(inArray(users.id, [...filter.ids]));
  if (filter.teamId !== undefined) {
    conditions.push(exists(db.select({ one: sql`1` }).from(teamMemberships).where(and(eq(teamMemberships.userId, users.id), eq(teamMemberships.teamId, filter.teamId)))));
  }
  const where = and(...conditions);
  const order = filter.sortOrder === 'desc' ? desc : asc;
  const [items, total] = await Promise.all([
    db.select().from(users).where(where).orderBy(order(USER_SORT_COLUMNS[filter.sortBy ?? 'created_at']), asc(users.id)).limit(limit).offset(offset),
    db.$count(users, where),
  ]);
  return { items, total, page, pageSize };
}
