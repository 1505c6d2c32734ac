import { deleteOrganization, findOrganizationById, insertBudget, insertOrganization, listOrganizations, listTeams, updateOrganization, type Database, type OrganizationRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { deleteOrganizationsSchema, newOrganizationSchema, organizationInfoQuery, organizationListQuery, updateOrganizationSchema } from '../schemas/organization-schemas.ts';
import { budgetView, organizationView, teamView } from '../views/entity-views.ts';
import { budgetColumns } from './budget-columns.ts';

async function loadOrganization(db: Database, id: string): Promise<OrganizationRecord> {
  const organization = await findOrganizationById(db, id);
  if (!organization) throw new HttpError(404, 'No such organization', { code: 'organization_not_found' });
  return organization;
}

const hasBudgetFields = (columns: object) => Object.keys(columns).length > 0;

export function mountOrganizationRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/organization/new'],
    summary: 'Create an organization; budget fields become its budget row',
    body: newOrganizationSchema,
    async handler({ caller, body }) {
      authorize(caller, 'organization:write');
      const { organization_id, organization_alias, models, metadata, budget_id, ...budgetInput } = body;
      const budget = budgetColumns(budgetInput);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          let budgetId = budget_id ?? null;
          if (hasBudgetFields(budget)) {
            const created = await insertBudget(tx, { ...budget, createdBy: caller.actor, updatedBy: caller.actor });
            await audit({ action: 'budget.new', table: 'budgets', objectId: created.id, after: budgetView(created), invalidates: { entityType: 'budget', action: 'insert' } });
            budgetId = created.id;
          }
          const organization = await insertOrganization(tx, { ...(organization_id ? { id: organization_id } : {}), alias: organization_alias, models: models ?? [], metadata: metadata ?? {}, budgetId, createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'organization.new', table: 'organizations', objectId: organization.id, after: organizationView(organization), invalidates: { entityType: 'organization', action: 'insert' } });
          return organizationView(organization);
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/organization/update'],
    summary: 'Change the fields given on an organization',
    body: updateOrganizationSchema,
    async handler({ caller, body }) {
      authorize(caller, 'organization:write');
      const before = await loadOrganization(db, body.organization_id);
      const changes: Record<string, unknown> = {};
      if (body.organization_alias !== undefined) changes.alias = body.organization_alias;
      if (body.models !== undefined) changes.models = body.models;
      if (body.metadata !== undefined) changes.metadata = body.metadata;
      if (body.budget_id !== undefined) changes.budgetId = body.budget_id;
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const row = (await updateOrganization(tx, before.id, { ...changes, updatedBy: caller.actor })) as OrganizationRecord;
          await audit({ action: 'organization.update', table: 'organizations', objectId: before.id, before: organizationView(before), after: organizationView(row), invalidates: { entityType: 'organization', action: 'update' } });
          return organizationView(row);
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/organization/delete'],
    summary: 'Delete organizations (refused while teams or keys belong to them)',
    body: deleteOrganizationsSchema,
    async handler({ caller, body }) {
      authorize(caller, 'organization:write');
      const organizations = await Promise.all(body.organization_ids.map((id) => loadOrganization(db, id)));
      await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          for (const organization of organizations) {
            await deleteOrganization(tx, organization.id);
            await audit({ action: 'organization.delete', table: 'organizations', objectId: organization.id, before: organizationView(organization), invalidates: { entityType: 'organization', action: 'delete' } });
          }
        }),
      );
      return { deleted_organizations: body.organization_ids };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/organization/info'],
    summary: 'An organization with its teams',
    query: organizationInfoQuery,
    async handler({ caller, query }) {
      authorize(caller, 'organization:read');
      const organization = await loadOrganization(db, query.organization_id);
      const teams = await listTeams(db, { organizationId: organization.id, pageSize: 500 });
      return { ...organizationView(organization), teams: teams.items.map((team) => teamView(team)) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/organization/list'],
    summary: 'Organizations, paginated',
    query: organizationListQuery,
    async handler({ caller, query }) {
      authorize(caller, 'organization:read');
      const page = await listOrganizations(deps.reader ?? db, { page: query.page, pageSize: query.size, alias: query.organization_alias });
      return { organizations: page.items.map(organizationView), total: page.total, page: page.page, page_size: page.pageSize };
    },
  });
}
