import { maskCallbackSecrets, type BudgetRecord, type CustomerRecord, type KeyRecord, type OrganizationMemberRecord, type OrganizationRecord, type TeamMembershipRecord, type TeamRecord, type UserRecord } from '@switchboard/db';
import { MASKED } from './model-views.ts';
import { toWire } from './to-wire.ts';

/**
 * `token` is the key's hash (the reference's name for it); the raw key is never in a record. Logging callback
 * secrets in the metadata are masked like model credentials (every answer and audit row is built here).
 */
export const keyView = (key: KeyRecord) => toWire({ ...key, metadata: maskCallbackSecrets(key.metadata, MASKED) }, { hash: 'token', alias: 'key_alias', expiresAt: 'expires', lastActiveAt: 'last_active' });

/** The password hash never leaves the backend. */
export const userView = (user: UserRecord) => toWire(user, { id: 'user_id', email: 'user_email', alias: 'user_alias', role: 'user_role' }, ['passwordHash']);

/** LiteLLM's team membership row: the member's spend in the team and own budget there (`max_budget_in_team`). */
export const teamMembershipRowView = (membership: TeamMembershipRecord, budget: BudgetRecord | undefined) => ({
  user_id: membership.userId,
  team_id: membership.teamId,
  budget_id: membership.budgetId,
  spend: Number(membership.spend),
  litellm_budget_table: memberBudgetView(budget),
});

/** A `members_with_roles` entry: LiteLLM's carry the member's e-mail (null when the user has none). */
export const membershipView = (member: TeamMembershipRecord & { userEmail?: string | null }) => ({ user_id: member.userId, user_email: member.userEmail ?? null, role: member.role });

/** A team's logging callback secrets are masked as a key's are. */
export const teamView = (team: TeamRecord, members: ReadonlyArray<TeamMembershipRecord & { userEmail?: string | null }> = []) => ({
  ...toWire({ ...team, metadata: maskCallbackSecrets(team.metadata, MASKED) }, { id: 'team_id', alias: 'team_alias', memberPermissions: 'team_member_permissions' }),
  members_with_roles: members.map(membershipView),
});

export const budgetView = (budget: BudgetRecord) => toWire(budget, { id: 'budget_id' });

/** A member's own budget within a team or organization (LiteLLM's membership rows carry it as `litellm_budget_table`). */
export const memberBudgetView = (budget: BudgetRecord | undefined) => (budget ? budgetView(budget) : null);

export const organizationMemberView = (member: OrganizationMemberRecord, budget?: BudgetRecord) => ({
  user_id: member.userId,
  user_email: member.userEmail,
  organization_id: member.organizationId,
  user_role: member.role,
  budget_id: member.budgetId,
  litellm_budget_table: memberBudgetView(budget),
  created_at: member.createdAt.toISOString(),
});

/**
 * An organization as LiteLLM answers it: its budget row as `litellm_budget_table` (budget fields given on
 * `/organization/new` become that row), and its members when they were read.
 */
export const organizationView = (organization: OrganizationRecord, budget?: BudgetRecord, members?: ReadonlyArray<ReturnType<typeof organizationMemberView>>) => ({
  ...toWire(organization, { id: 'organization_id', alias: 'organization_alias' }),
  litellm_budget_table: budget ? budgetView(budget) : null,
  ...(members ? { members } : {}),
});
export const customerView = (customer: CustomerRecord, budget?: BudgetRecord) => ({
  ...toWire(customer, { id: 'user_id' }),
  litellm_budget_table: budget ? budgetView(budget) : null,
});
