import { findBudgetById, insertBudget, listBudgets } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { budgetInfoSchema, budgetListQuery, newBudgetSchema } from '../schemas/budget-schemas.ts';
import { budgetView } from '../views/entity-views.ts';
import { budgetColumns } from './budget-columns.ts';

export function mountBudgetRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/budget/new'],
    summary: 'Create a reusable budget',
    body: newBudgetSchema,
    async handler({ caller, body: { budget_id, ...fields } }) {
      authorize(caller, 'budget:write');
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const budget = await insertBudget(tx, { ...(budget_id ? { id: budget_id } : {}), ...budgetColumns(fields), createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'budget.new', table: 'budgets', objectId: budget.id, after: budgetView(budget), invalidates: { entityType: 'budget', action: 'insert' } });
          return budgetView(budget);
        }),
      );
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
