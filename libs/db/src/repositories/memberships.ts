import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { organizationMemberships, teamMemberships, users, type OrganizationRole, type TeamRole } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

export type TeamMembershipRecord = typeof teamMemberships.$inferSelect;
export type OrganizationMembershipRecord = typeof organizationMemberships.$inferSelect;

/** Adds the user to the team, or changes their role when they are already in it. */
export async function addTeamMember(db: Database, member: { teamId: string; userId: string; role?: TeamRole }): Promise<TeamMembershipRecord> {
  return db.transaction(async (tx) => {
    const role = member.role ?? 'user';
    const [row] = await tx
      .insert(teamMemberships)
      .values({ ...member, role })
      .onConflictDoUpdate({ target: [teamMemberships.teamId, teamMemberships.userId], set: { role } })
      .returning();
    await appendOutbox(tx, { entityType: 'team', entityId: member.teamId, action: 'update' });
    return row as TeamMembershipRecord;
  });
}

/** True when the user was a member. */
export async function removeTeamMember(db: Database, teamId: string, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(teamMemberships)
      .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId)))
      .returning({ userId: teamMemberships.userId });
    if (removed.length > 0) await appendOutbox(tx, { entityType: 'team', entityId: teamId, action: 'update' });
    return removed.length > 0;
  });
}

/** A membership with the member's e-mail (LiteLLM's `members_with_roles` entries carry it). */
export type TeamMemberRecord = TeamMembershipRecord & { userEmail: string | null };
export type OrganizationMemberRecord = OrganizationMembershipRecord & { userEmail: string | null };

export async function listTeamMembers(db: Database, teamId: string): Promise<TeamMemberRecord[]> {
  const rows = await db
    .select({ membership: teamMemberships, userEmail: users.email })
    .from(teamMemberships)
    .leftJoin(users, eq(users.id, teamMemberships.userId))
    .where(eq(teamMemberships.teamId, teamId))
    .orderBy(asc(teamMemberships.createdAt), asc(teamMemberships.userId));
  return rows.map(({ membership, userEmail }) => ({ ...membership, userEmail }));
}

/** One user's membership of one team, or undefined when they are not a member. */
export async function findTeamMembership(db: Database, teamId: string, userId: string): Promise<TeamMembershipRecord | undefined> {
  const [row] = await db.select().from(teamMemberships).where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId))).limit(1);
  return row;
}

export async function listTeamsOfUser(db: Database, userId: string): Promise<TeamMembershipRecord[]> {
  return db.select().from(teamMemberships).where(eq(teamMemberships.userId, userId)).orderBy(asc(teamMemberships.teamId));
}

export async function addOrganizationMember(
  db: Database,
  member: { organizationId: string; userId: string; role?: OrganizationRole },
): Promise<OrganizationMembershipRecord> {
  return db.transaction(async (tx) => {
    const role = member.role ?? 'internal_user';
    const [row] = await tx
      .insert(organizationMemberships)
      .values({ ...member, role })
      .onConflictDoUpdate({ target: [organizationMemberships.organizationId, organizationMemberships.userId], set: { role } })
      .returning();
    await appendOutbox(tx, { entityType: 'organization', entityId: member.organizationId, action: 'update' });
    return row as OrganizationMembershipRecord;
  });
}

export async function removeOrganizationMember(db: Database, organizationId: string, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(organizationMemberships)
      .where(and(eq(organizationMemberships.organizationId, organizationId), eq(organizationMemberships.userId, userId)))
      .returning({ userId: organizationMemberships.userId });
    if (removed.length > 0) await appendOutbox(tx, { entityType: 'organization', entityId: organizationId, action: 'update' });
    return removed.length > 0;
  });
}

export async function listOrganizationMembers(db: Database, organizationId: string): Promise<OrganizationMemberRecord[]> {
  const rows = await db
    .select({ membership: organizationMemberships, userEmail: users.email })
    .from(organizationMemberships)
    .leftJoin(users, eq(users.id, organizationMemberships.userId))
    .where(eq(organizationMemberships.organizationId, organizationId))
    .orderBy(asc(organizationMemberships.createdAt), asc(organizationMemberships.userId));
  return rows.map(({ membership, userEmail }) => ({ ...membership, userEmail }));
}

/** Changes a member's role or own budget; undefined when the user is not a member. */
export async function updateTeamMember(db: Database, teamId: string, userId: string, changes: { role?: TeamRole; budgetId?: string | null }): Promise<TeamMembershipRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(teamMemberships)
      .set(changes)
      .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId)))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'team', entityId: teamId, action: 'update' });
    return row;
  });
}

/** Changes a member's role or own budget; undefined when the user is not a member. */
export async function updateOrganizationMember(
  db: Database,
  organizationId: string,
  userId: string,
  changes: { role?: OrganizationRole; budgetId?: string | null },
): Promise<OrganizationMembershipRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(organizationMemberships)
      .set(changes)
      .where(and(eq(organizationMemberships.organizationId, organizationId), eq(organizationMemberships.userId, userId)))
      .returning();
    if (row) await appendOutbox(tx, { entityType: 'organization', entityId: organizationId, action: 'update' });
    return row;
  });
}
