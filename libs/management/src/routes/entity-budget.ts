import { HttpError } from '@switchboard/service-kit';
import { findBudgetById, insertBudget, updateBudget, type BudgetRecord, type Transaction } from '@switchboard/db';
import type { Audit } from '../changes/apply-change.ts';
import type { Caller } from '../auth/caller.ts';
import { budgetView } from '../views/entity-views.ts';
import { budgetColumns, type BudgetInput } from './budget-columns.ts';

/**
 * LiteLLM's budget fields on an entity that keeps its limits in a budget row (an end user, a tag): the fields given
 * change the entity's row (`currentId`), or make one when it has none; audited. Undefined when no field was given.
 */
export async function writeEntityBudget(tx: Transaction, audit: Audit, caller: Caller, currentId: string | null | undefined, input: BudgetInput): Promise<BudgetRecord | undefined> {
  const budget = budgetColumns(input);
  if (Object.keys(budget).length === 0) return undefined;
  const current = await findBudgetById(tx, currentId);
  const row = current ? await updateBudget(tx, current.id, { ...budget, updatedBy: caller.actor }) : await insertBudget(tx, { ...budget, createdBy: caller.actor, updatedBy: caller.actor });
  if (row) await audit({ action: current ? 'budget.update' : 'budget.new', table: 'budgets', objectId: row.id, before: current ? budgetView(current) : null, after: budgetView(row), invalidates: { entityType: 'budget', action: current ? 'update' : 'insert' } });
  return row;
}

/** A new entity takes a budget by id or makes one from `max_budget`, not both (LiteLLM's rule): 400 otherwise. */
export function assertOneBudgetSource(budgetId: string | null | undefined, input: BudgetInput): void {
  if (budgetId != null && input.max_budget != null) throw new HttpError(400, "Set either 'max_budget' or 'budget_id', not both", { param: 'budget_id' });
}

/**
 * An update moves the entity to another budget by id or changes its own budget's fields, not both: the fields would
 * otherwise be written to the budget named, which other entities may share (and /tag/new and /customer/new refuse
 * the pair). Naming the budget it has already, with fields, changes that budget as the fields alone would.
 */
export function assertOneBudgetChange(budgetId: string | null | undefined, currentId: string | null, input: BudgetInput): void {
  if (budgetId != null && budgetId !== currentId && Object.keys(budgetColumns(input)).length > 0) {
    throw new HttpError(400, "Set either budget fields or another 'budget_id', not both: the fields would change that budget, which other entities may share", { param: 'budget_id' });
  }
}
