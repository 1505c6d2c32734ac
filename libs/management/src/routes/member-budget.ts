import { findBudgetById, insertBudget, listOrganizationMembers, listTeamMembers, updateBudget, updateOrganizationMember, updateTeamMember, type Transaction } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import type { Audit } from '../changes/apply-change.ts';
import { budgetView } from '../views/entity-views.ts';
import { budgetColumns } from './budget-columns.ts';

type Membership = { teamId: string; userId: string } | { organizationId: string; userId: string };

/**
 * A member's own budget in a team or organization (`max_budget_in_team`, `max_budget_in_organization`): a
 * budget row of its own, linked from the membership, created on first use and changed in place afterwards.
 * The gateway counts it on top of the team's and the user's budgets.
 */
export async function setMemberBudget(
  tx: Transaction,
  audit: Audit,
  caller: Caller,
  membership: Membership,
  maxBudget: string | null | undefined,
  limits: { tpm_limit?: number | null; rpm_limit?: number | null } = {},
): Promise<void> {
  const columns = budgetColumns({ max_budget: maxBudget, ...limits });
  const rows = 'teamId' in membership ? await listTeamMembers(tx, membership.teamId) : await listOrganizationMembers(tx, membership.organizationId);
  const current = rows.find((row) => row.userId === membership.userId);
  const existing = await findBudgetById(tx, current?.budgetId);
  if (existing) {
    const updated = await updateBudget(tx, existing.id, { ...columns, updatedBy: caller.actor });
    await audit({ action: 'budget.update', table: 'budgets', objectId: existing.id, before: budgetView(existing), after: updated ? budgetView(updated) : null, invalidates: { entityType: 'budget', action: 'update' } });
    return;
  }
  const created = await insertBudget(tx, { ...columns, createdBy: caller.actor, updatedBy: caller.actor });
  await audit({ action: 'budget.new', table: 'budgets', objectId: created.id, after: budgetView(created), invalidates: { entityType: 'budget', action: 'insert' } });
  if ('teamId' in membership) await updateTeamMember(tx, membership.teamId, membership.userId, { budgetId: created.id });
  else await updateOrganizationMember(tx, membership.organizationId, membership.userId, { budgetId: created.id });
}
