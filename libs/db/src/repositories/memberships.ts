import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { organizationMemberships, teamMemberships, type OrganizationRole, type TeamRole } from '../schema/index.ts';
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

export async function listTeamMembers(db: Database, teamId: string): Promise<TeamMembershipRecord[]> {
  return db.select().from(teamMemberships).where(eq(teamMemberships.teamId, teamId)).orderBy(asc(teamMemberships.createdAt), asc(teamMemberships.userId));
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

export async function listOrganizationMembers(db: Database, organizationId: string): Promise<OrganizationMembershipRecord[]> {
  return db
    .select()
    .from(organizationMemberships)
    .where(eq(organizationMemberships.organizationId, organizationId))
    .orderBy(asc(organizationMemberships.createdAt), asc(organizationMemberships.userId));
}
