import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { money, timestampTz } from '../columns.ts';
import { budgets } from './budgets.ts';
import { organizations } from './organizations.ts';
import { teams } from './teams.ts';
import { users } from './users.ts';

export const TEAM_ROLES = ['admin', 'user'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const ORGANIZATION_ROLES = ['org_admin', 'internal_user', 'internal_user_viewer'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** `members_with_roles` of a team, one row per member. */
export const teamMemberships = pgTable(
  'team_memberships',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: TEAM_ROLES }).notNull().default('user'),
    /** The member's own budget within the team (`max_budget_in_team`), on top of the team's and the user's. */
    budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
    createdAt: timestampTz('created_at').notNull().defaultNow(),
    /** What the member has spent in this team: the counter their own budget in the team is held to. */
    spend: money('spend').notNull().default('0'),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index('team_memberships_user_id_idx').on(t.userId),
    check('team_memberships_role_check', sql`${t.role} in ('admin', 'user')`),
  ],
);

export const organizationMemberships = pgTable(
  'organization_memberships',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ORGANIZATION_ROLES }).notNull().default('internal_user'),
    /** The member's own budget within the organization (`max_budget_in_organization`). */
    budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
    createdAt: timestampTz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId] }),
    index('organization_memberships_user_id_idx').on(t.userId),
    check('organization_memberships_role_check', sql`${t.role} in ('org_admin', 'internal_user', 'internal_user_viewer')`),
  ],
);
