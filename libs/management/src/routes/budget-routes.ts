import { deleteBudget, findBudgetById, insertBudget, listBudgets, updateBudget, type BudgetRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { budgetInfoSchema, budgetListQuery, deleteBudgetSchema, newBudgetSchema, updateBudgetSchema } from '../schemas/budget-schemas.ts';
import { budgetView } from '../views/entity-views.ts';
import { budgetColumns } from './budget-columns.ts';

/** An explicit `budget_reset_at` (LiteLLM's BudgetNewRequest) overrides the one a new duration starts. */
const resetAt = (value: string | null | undefined) => (value === undefined ? {} : { budgetResetAt: value === null ? null : new Date(value) });

export function mountBudgetRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;
  const loadBudget = async (id: string) => {
    const budget = await findBudgetById(db, id);
    if (!budget) throw new HttpError(404, 'No such budget', { code: 'budget_not_found' });
    return budget;
  };

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/budget/new'],
    summary: 'Create a reusable budget',
    body: newBudgetSchema,
    async handler({ caller, body: { budget_id, budget_reset_at, ...fields } }) {
      authorize(caller, 'budget:write');
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const budget = await insertBudget(tx, { ...(budget_id ? { id: budget_id } : {}), ...budgetColumns(fields), ...resetAt(budget_reset_at), createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'budget.new', table: 'budgets', objectId: budget.id, after: budgetView(budget), invalidates: { entityType: 'budget', action: 'insert' } });
          return budgetView(budget);
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/budget/update'],
    summary: 'Change the fields given on a budget',
    body: updateBudgetSchema,
    async handler({ caller, body: { budget_id, budget_reset_at, ...fields } }) {
      authorize(caller, 'budget:write');
      const before = await loadBudget(budget_id);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const budget = (await updateBudget(tx, budget_id, { ...budgetColumns(fields), ...resetAt(budget_reset_at), updatedBy: caller.actor })) as BudgetRecord;
          await audit({ action: 'budget.update', table: 'budgets', objectId: budget_id, before: budgetView(before), after: budgetView(budget), invalidates: { entityType: 'budget', action: 'update' } });
          return budgetView(budget);
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/budget/delete'],
    summary: 'Delete a budget (LiteLLM names it `id`); what used it keeps no budget row',
    body: deleteBudgetSchema,
    async handler({ caller, body }) {
      authorize(caller, 'budget:write');
      const before = await loadBudget(body.id);
      await applyChange(deps, caller, async (tx, audit) => {
        await deleteBudget(tx, body.id);
        await audit({ action: 'budget.delete', table: 'budgets', objectId: body.id, before: budgetView(before), invalidates: { entityType: 'budget', action: 'delete' } });
      });
      return budgetView(before);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/budget/info'],
    summary: 'The budgets named (the reference takes POST {budgets: [...]})',
    body: budgetInfoSchema,
    async handler({ caller, body }) {
      authorize(caller, 'budget:read');
      const found = await Promise.all(body.budgets.map((id) => findBudgetById(db, id)));
      return found.flatMap((budget) => (budget ? [budgetView(budget)] : []));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/budget/list'],
    summary: 'Budgets, paginated',
    query: budgetListQuery,
    async handler({ caller, query }) {
      authorize(caller, 'budget:read');
      const page = await listBudgets(deps.reader ?? db, { page: query.page, pageSize: query.size });
      return { budgets: page.items.map(budgetView), total: page.total, page: page.page, page_size: page.pageSize };
    },
  });
}
