import { deleteCustomer, findBudgetById, findCustomerById, insertCustomer, listCustomers, updateCustomer, type CustomerRecord, type Database } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { customerIdsSchema, customerInfoQuery, customerListQuery, newCustomerSchema, updateCustomerSchema } from '../schemas/customer-schemas.ts';
import { KEPT_CUSTOMER_FIELDS, keptValues, withoutKept } from '../schemas/kept-fields.ts';
import { customerView } from '../views/entity-views.ts';
import { assertOneBudgetChange, assertOneBudgetSource, writeEntityBudget } from './entity-budget.ts';
import { metadataWithKept } from './keep-fields.ts';

async function loadCustomer(db: Database, id: string): Promise<CustomerRecord> {
  const customer = await findCustomerById(db, id);
  if (!customer) throw new HttpError(404, 'No such end user', { code: 'customer_not_found' });
  return customer;
}

/** End users; every path is also served under `/end_user/`, the reference's other name for them. */
export function mountCustomerRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;
  const both = (path: string) => [`/customer/${path}`, `/end_user/${path}`];

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: both('new'),
    summary: 'Create an end user; budget fields become its budget row',
    body: newCustomerSchema,
    async handler({ caller, body: request }) {
      authorize(caller, 'customer:write');
      const { user_id, alias, blocked, budget_id, metadata, spend, ...budgetInput } = withoutKept(request, KEPT_CUSTOMER_FIELDS);
      const kept = metadataWithKept(deps.logger, 'end_user', keptValues(request, KEPT_CUSTOMER_FIELDS), metadata);
      assertOneBudgetSource(budget_id, budgetInput);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const created = await writeEntityBudget(tx, audit, caller, undefined, budgetInput);
          const customer = await insertCustomer(tx, { id: user_id, alias: alias ?? null, blocked: blocked ?? false, metadata: kept ?? {}, budgetId: created?.id ?? budget_id ?? null, ...(spend !== undefined ? { spend } : {}), createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'customer.new', table: 'customers', objectId: customer.id, after: customerView(customer), invalidates: { entityType: 'customer', action: 'insert' } });
          return customerView(customer, created ?? (await findBudgetById(tx, budget_id)));
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: both('update'),
    summary: 'Change the fields given on an end user; budget fields change its budget row (created if it has none)',
    body: updateCustomerSchema,
    async handler({ caller, body: request }) {
      authorize(caller, 'customer:write');
      const { user_id, alias, blocked, budget_id, metadata, spend, ...budgetInput } = withoutKept(request, KEPT_CUSTOMER_FIELDS);
      const before = await loadCustomer(db, user_id);
      const kept = metadataWithKept(deps.logger, 'end_user', keptValues(request, KEPT_CUSTOMER_FIELDS), metadata, before.metadata);
      assertOneBudgetChange(budget_id, before.budgetId, budgetInput);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const chosen = budget_id === undefined ? before.budgetId : budget_id;
          const budgetId = (await writeEntityBudget(tx, audit, caller, chosen, budgetInput))?.id ?? chosen;
          const changes = {
            ...(alias !== undefined ? { alias } : {}),
            ...(blocked !== undefined ? { blocked } : {}),
            ...(kept !== undefined ? { metadata: kept } : {}),
            ...(spend !== undefined ? { spend } : {}),
            budgetId,
          };
          const customer = (await updateCustomer(tx, user_id, { ...changes, updatedBy: caller.actor })) as CustomerRecord;
          await audit({ action: 'customer.update', table: 'customers', objectId: user_id, before: customerView(before), after: customerView(customer), invalidates: { entityType: 'customer', action: 'update' } });
          return customerView(customer, await findBudgetById(tx, budgetId));
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: both('delete'),
    summary: 'Delete end users (their spend logs stay)',
    body: customerIdsSchema,
    async handler({ caller, body }) {
      authorize(caller, 'customer:write');
      const customers = await Promise.all(body.user_ids.map((id) => loadCustomer(db, id)));
      await applyChange(deps, caller, async (tx, audit) => {
        for (const customer of customers) {
          await deleteCustomer(tx, customer.id);
          await audit({ action: 'customer.delete', table: 'customers', objectId: customer.id, before: customerView(customer), invalidates: { entityType: 'customer', action: 'delete' } });
        }
      });
      return { deleted_customers: body.user_ids };
    },
  });

  for (const blocked of [true, false]) {
    mountEndpoint(service, deps, registry, {
      method: 'post',
      paths: both(blocked ? 'block' : 'unblock'),
      summary: blocked ? 'Block end users: requests naming them are refused' : 'Unblock end users',
      body: customerIdsSchema,
      async handler({ caller, body }) {
        authorize(caller, 'customer:write');
        const customers = await Promise.all(body.user_ids.map((id) => loadCustomer(db, id)));
        await applyChange(deps, caller, async (tx, audit) => {
          for (const customer of customers) {
            const row = (await updateCustomer(tx, customer.id, { blocked, updatedBy: caller.actor })) as CustomerRecord;
            await audit({ action: blocked ? 'customer.block' : 'customer.unblock', table: 'customers', objectId: customer.id, before: customerView(customer), after: customerView(row), invalidates: { entityType: 'customer', action: 'update' } });
          }
        });
        return { [blocked ? 'blocked_users' : 'unblocked_users']: body.user_ids };
      },
    });
  }

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: both('info'),
    summary: 'One end user with its budget',
    query: customerInfoQuery,
    async handler({ caller, query }) {
      authorize(caller, 'customer:read');
      const customer = await loadCustomer(db, query.end_user_id);
      const budget = await findBudgetById(db, customer.budgetId);
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
