import { findBudgetById, findCustomerById, insertBudget, insertCustomer, listCustomers } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { customerInfoQuery, customerListQuery, newCustomerSchema } from '../schemas/customer-schemas.ts';
import { budgetView, customerView } from '../views/entity-views.ts';
import { budgetColumns } from './budget-columns.ts';

/** End users; every path is also served under `/end_user/`, the reference's other name for them. */
export function mountCustomerRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;
  const both = (path: string) => [`/customer/${path}`, `/end_user/${path}`];

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: both('new'),
    summary: 'Create an end user; budget fields become its budget row',
    body: newCustomerSchema,
    async handler({ caller, body }) {
      authorize(caller, 'customer:write');
      const { user_id, alias, blocked, budget_id, metadata, ...budgetInput } = body;
      const budget = budgetColumns(budgetInput);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          let created;
          if (Object.keys(budget).length > 0) {
            created = await insertBudget(tx, { ...budget, createdBy: caller.actor, updatedBy: caller.actor });
            await audit({ action: 'budget.new', table: 'budgets', objectId: created.id, after: budgetView(created), invalidates: { entityType: 'budget', action: 'insert' } });
          }
          const customer = await insertCustomer(tx, { id: user_id, alias: alias ?? null, blocked: blocked ?? false, metadata: metadata ?? {}, budgetId: created?.id ?? budget_id ?? null, createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'customer.new', table: 'customers', objectId: customer.id, after: customerView(customer), invalidates: { entityType: 'customer', action: 'insert' } });
          return customerView(customer, created);
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: both('info'),
    summary: 'One end user with its budget',
    query: customerInfoQuery,
    async handler({ caller, query }) {
      authorize(caller, 'customer:read');
      const customer = await findCustomerById(db, query.end_user_id);
      if (!customer) throw new HttpError(404, 'No such end user', { code: 'customer_not_found' });
      const budget = customer.budgetId ? await findBudgetById(db, customer.budgetId) : undefined;
      return customerView(customer, budget);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: both('list'),
    summary: 'End users, paginated',
    query: customerListQuery,
    async handler({ caller, query }) {
      authorize(caller, 'customer:read');
      const page = await listCustomers(deps.reader ?? db, { page: query.page, pageSize: query.size });
      return { customers: page.items.map((customer) => customerView(customer)), total: page.total, page: page.page, page_size: page.pageSize };
    },
  });
}
