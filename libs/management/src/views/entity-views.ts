import type { BudgetRecord, CustomerRecord, KeyRecord, OrganizationRecord, TeamMembershipRecord, TeamRecord, UserRecord } from '@switchboard/db';
import { toWire } from './to-wire.ts';

/** `token` is the key's hash (the reference's name for it); the raw key is never in a record. */
export const keyView = (key: KeyRecord) => toWire(key, { hash: 'token', alias: 'key_alias', expiresAt: 'expires', lastActiveAt: 'last_active' });

/** The password hash never leaves the backend. */
export const userView = (user: UserRecord) => toWire(user, { id: 'user_id', email: 'user_email', alias: 'user_alias', role: 'user_role' }, ['passwordHash']);

export const membershipView = (member: TeamMembershipRecord) => ({ user_id: member.userId, role: member.role });

export const teamView = (team: TeamRecord, members: readonly TeamMembershipRecord[] = []) => ({
  ...toWire(team, { id: 'team_id', alias: 'team_alias' }),
  members_with_roles: members.map(membershipView),
});

export const organizationView = (organization: OrganizationRecord) => toWire(organization, { id: 'organization_id', alias: 'organization_alias' });
export const budgetView = (budget: BudgetRecord) => toWire(budget, { id: 'budget_id' });
export const customerView = (customer: CustomerRecord, budget?: BudgetRecord) => ({
  ...toWire(customer, { id: 'user_id' }),
  litellm_budget_table: budget ? budgetView(budget) : null,
});
