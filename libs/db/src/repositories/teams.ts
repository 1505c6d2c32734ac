import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, exists, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { teamMemberships, teams } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

export type TeamRecord = typeof teams.$inferSelect;
type TeamInsert = typeof teams.$inferInsert;
export type NewTeam = Omit<TeamInsert, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
export type TeamChanges = Partial<Omit<TeamInsert, 'id' | 'createdAt' | 'createdBy'>>;

export async function insertTeam(db: Database, { id = randomUUID(), ...fields }: NewTeam): Promise<TeamRecord> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(teams)
      .values({ ...fields, id })
      .returning();
    await appendOutbox(tx, { entityType: 'team', entityId: id, action: 'insert' });
    return row as TeamRecord;
  });
}

export async function findTeamById(db: Database, id: string): Promise<TeamRecord | undefined> {
  const [row] = await db.select().from(teams).where(eq(teams.id, id)).limit(1);
  return row;
}

/** The oldest team whose metadata holds `value` under `field` (SCIM's `externalId`, say). */
export async function findTeamByMetadataValue(db: Database, field: string, value: string): Promise<TeamRecord | undefined> {
  const [row] = await db.select().from(teams).where(sql`${teams.metadata} ->> ${field} = ${value}`).orderBy(asc(teams.createdAt), asc(teams.id)).limit(1);
  return row;
}

/**
 * The team's row, locked until the caller's transaction ends: a read-modify-write of its lists (a team
 * admin's model change, checked against the list it read) must not overwrite a change committed meanwhile.
 */
export async function lockTeam(tx: Database, id: string): Promise<TeamRecord | undefined> {
  const [row] = await tx.select().from(teams).where(eq(teams.id, id)).for('update');
  return row;
}

export async function updateTeam(db: Database, id: string, changes: TeamChanges): Promise<TeamRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(teams)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(teams.id, id))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'team', entityId: id, action: 'update' });
    return row;
  });
}

/** Also removes its memberships; refused (foreign key) while keys still belong to the team. */
export async function deleteTeam(db: Database, id: string): Promise<TeamRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(teams).where(eq(teams.id, id)).returning();
    if (row) await appendOutbox(tx, { entityType: 'team', entityId: id, action: 'delete' });
    return row;
  });
}

export interface TeamFilter extends PageRequest {
  alias?: string;
  /** A team id, or null for the teams in no organization (LiteLLM's `default_organization`). */
  organizationId?: string | null;
  id?: string;
  /** Only the teams this user is a member of. */
  memberUserId?: string;
  /** Oldest first unless told (LiteLLM's `/team/list` sorts by alias). */
  sortBy?: 'created_at' | 'team_alias' | 'spend' | 'max_budget' | 'team_id';
  sortOrder?: 'asc' | 'desc';
}

// An alias sorts as LiteLLM sorts it: no alias as "", by code point.
const TEAM_SORT_COLUMNS = { created_at: teams.createdAt, team_alias: sql`coalesce(${teams.alias}, '') collate "C"`, spend: teams.spend, max_budget: teams.maxBudget, team_id: teams.id } as const;

/** Teams' granted member permissions, by id: the ids given (those that exist), or every team. */
export async function teamMemberPermissionsOf(db: Database, ids?: readonly string[]): Promise<{ id: string; memberPermissions: string[] | null }[]> {
  const query = db.select({ id: teams.id, memberPermissions: teams.memberPermissions }).from(teams);
  return (ids === undefined ? query : query.where(inArray(teams.id, [...ids]))).orderBy(asc(teams.id));
}

export async function listTeams(db: Database, filter: TeamFilter = {}): Promise<Page<TeamRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const conditions: SQL[] = [];
  if (filter.alias !== undefined) conditions.push(eq(teams.alias, filter.alias));
  if (filter.organizationId === null) conditions.push(isNull(teams.organizationId));
  else if (filter.organizationId !== undefined) conditions.push(eq(teams.organizationId, filter.organizationId));
  if (filter.id !== undefined) conditions.push(eq(teams.id, filter.id));
  if (filter.memberUserId !== undefined) {
    conditions.push(exists(db.select({ one: sql`1` }).from(teamMemberships).where(and(eq(teamMemberships.teamId, teams.id), eq(teamMemberships.userId, filter.memberUserId)))));
  }
  const where = and(...conditions);
  const order = filter.sortOrder === 'desc' ? desc : asc;
  const [items, total] = await Promise.all([
    db.select().from(teams).where(where).orderBy(order(TEAM_SORT_COLUMNS[filter.sortBy ?? 'created_at']), asc(teams.id)).limit(limit).offset(offset),
    db.$count(teams, where),
  ]);
  return { items, total, page, pageSize };
}
