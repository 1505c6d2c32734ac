import {
  addOrganizationMember,
  deleteOrganization,
  findBudgetById,
  findOrganizationById,
  insertBudget,
  insertOrganization,
  listOrganizationMembers,
  listOrganizations,
  listTeams,
  removeOrganizationMember,
  updateOrganization,
  updateOrganizationMember,
  type Database,
  type OrganizationRecord,
} from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { KEPT_ORGANIZATION_FIELDS, keptValues, withoutKept } from '../schemas/kept-fields.ts';
import {
  deleteOrganizationsSchema,
  newOrganizationSchema,
  organizationInfoQuery,
  organizationListQuery,
  orgMemberAddSchema,
  orgMemberDeleteSchema,
  orgMemberUpdateSchema,
  updateOrganizationSchema,
} from '../schemas/organization-schemas.ts';
import { budgetView, organizationMemberView, organizationView, teamView } from '../views/entity-views.ts';
import { budgetColumns } from './budget-columns.ts';
import { ensureImplicitUser } from './implicit-user.ts';
import { metadataWithKept } from './keep-fields.ts';
import { setMemberBudget } from './member-budget.ts';
import { namedMemberUserId, notAMember } from './named-member.ts';

async function loadOrganization(db: Database, id: string): Promise<OrganizationRecord> {
  const organization = await findOrganizationById(db, id);
  if (!organization) throw new HttpError(404, 'No such organization', { code: 'organization_not_found' });
  return organization;
}

/** An organization as LiteLLM shows it: with its budget row and its members (each with their own budget). */
async function fullOrganizationView(db: Database, organization: OrganizationRecord) {
  const [budget, members] = await Promise.all([findBudgetById(db, organization.budgetId), listOrganizationMembers(db, organization.id)]);
  const memberViews = await Promise.all(members.map(async (member) => organizationMemberView(member, await findBudgetById(db, member.budgetId))));
  return organizationView(organization, budget, memberViews);
}

export function mountOrganizationRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/organization/new'],
    summary: 'Create an organization with its budget row (from the budget fields given, unless budget_id names one)',
    body: newOrganizationSchema,
    async handler({ caller, body: request }) {
      authorize(caller, 'organization:write');
      const { organization_id, organization_alias, models, metadata, budget_id, ...budgetInput } = withoutKept(request, KEPT_ORGANIZATION_FIELDS);
      const kept = metadataWithKept(deps.logger, 'organization', keptValues(request, KEPT_ORGANIZATION_FIELDS), metadata);
      const budget = budgetColumns(budgetInput);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          // LiteLLM gives every organization a budget row (its limits live there), empty when no field is given.
          const ownBudget = budget_id ? undefined : await insertBudget(tx, { ...budget, createdBy: caller.actor, updatedBy: caller.actor });
          if (ownBudget) await audit({ action: 'budget.new', table: 'budgets', objectId: ownBudget.id, after: budgetView(ownBudget), invalidates: { entityType: 'budget', action: 'insert' } });
          const organization = await insertOrganization(tx, { ...(organization_id ? { id: organization_id } : {}), alias: organization_alias, models: models ?? [], metadata: kept ?? {}, budgetId: ownBudget?.id ?? budget_id ?? null, createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'organization.new', table: 'organizations', objectId: organization.id, after: organizationView(organization), invalidates: { entityType: 'organization', action: 'insert' } });
          return organizationView(organization, ownBudget ?? (await findBudgetById(tx, budget_id)), []);
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/organization/update'],
    summary: 'Change the fields given on an organization',
    body: updateOrganizationSchema,
    async handler({ caller, body: request }) {
      authorize(caller, 'organization:write');
      const body = withoutKept(request, KEPT_ORGANIZATION_FIELDS);
      const before = await loadOrganization(db, body.organization_id);
      const metadata = metadataWithKept(deps.logger, 'organization', keptValues(request, KEPT_ORGANIZATION_FIELDS), body.metadata, before.metadata);
      const changes: Record<string, unknown> = {};
      if (body.organization_alias !== undefined) changes.alias = body.organization_alias;
      if (body.models !== undefined) changes.models = body.models;
      if (metadata !== undefined) changes.metadata = metadata;
      if (body.budget_id !== undefined) changes.budgetId = body.budget_id;
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const row = (await updateOrganization(tx, before.id, { ...changes, updatedBy: caller.actor })) as OrganizationRecord;
          await audit({ action: 'organization.update', table: 'organizations', objectId: before.id, before: organizationView(before), after: organizationView(row), invalidates: { entityType: 'organization', action: 'update' } });
          return fullOrganizationView(tx, row);
        }),
      );
    },
  });

  for (const method of ['post', 'delete'] as const) {
    mountEndpoint(service, deps, registry, {
      method,
      paths: ['/organization/delete'],
      summary: 'Delete organizations (refused while teams or keys belong to them); LiteLLM uses DELETE',
      body: deleteOrganizationsSchema,
      async handler({ caller, body }) {
        authorize(caller, 'organization:write');
        const organizations = await Promise.all(body.organization_ids.map((id) => loadOrganization(db, id)));
        const views = await Promise.all(organizations.map((organization) => fullOrganizationView(db, organization)));
        await translateDbErrors(() =>
          applyChange(deps, caller, async (tx, audit) => {
            for (const organization of organizations) {
              await deleteOrganization(tx, organization.id);
              await audit({ action: 'organization.delete', table: 'organizations', objectId: organization.id, before: organizationView(organization), invalidates: { entityType: 'organization', action: 'delete' } });
            }
          }),
        );
        // LiteLLM answers the deleted rows; `deleted_organizations` names them as before.
        return method === 'delete' ? views : { deleted_organizations: body.organization_ids };
      },
    });
  }

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/organization/member_add'],
    summary: 'Add members to an organization (users named by an unknown id or e-mail are created)',
    body: orgMemberAddSchema,
    async handler({ caller, body }) {
      authorize(caller, 'organization:write');
      await loadOrganization(db, body.organization_id);
      const members = Array.isArray(body.member) ? body.member : [body.member];
      const added = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const userIds: string[] = [];
          for (const member of members) {
            const user = await ensureImplicitUser(tx, audit, caller, member.user_id !== undefined ? { id: member.user_id } : { email: member.user_email as string });
            await addOrganizationMember(tx, { organizationId: body.organization_id, userId: user.id, role: member.role });
            if (body.max_budget_in_organization != null) await setMemberBudget(tx, audit, caller, { organizationId: body.organization_id, userId: user.id }, body.max_budget_in_organization);
            await audit({ action: 'organization.member_add', table: 'organization_memberships', objectId: body.organization_id, after: { user_id: user.id, role: member.role }, invalidates: { entityType: 'organization', action: 'update' } });
            userIds.push(user.id);
          }
          return userIds;
        }),
      );
      const rows = (await listOrganizationMembers(db, body.organization_id)).filter((row) => added.includes(row.userId));
      return { organization_id: body.organization_id, updated_users: added, updated_organization_memberships: rows.map((row) => organizationMemberView(row)) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'patch',
    paths: ['/organization/member_update'],
    summary: "Change a member's role or own budget in an organization (PATCH, as in LiteLLM)",
    body: orgMemberUpdateSchema,
    async handler({ caller, body }) {
      authorize(caller, 'organization:write');
      await loadOrganization(db, body.organization_id);
      const userId = await namedMemberUserId(db, 'organization', body);
      await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          if (!(await listOrganizationMembers(tx, body.organization_id)).some((row) => row.userId === userId)) throw notAMember('organization');
          if (body.role !== undefined) await updateOrganizationMember(tx, body.organization_id, userId, { role: body.role });
          if (body.max_budget_in_organization !== undefined) await setMemberBudget(tx, audit, caller, { organizationId: body.organization_id, userId }, body.max_budget_in_organization);
          await audit({ action: 'organization.member_update', table: 'organization_memberships', objectId: body.organization_id, after: { user_id: userId, role: body.role ?? null }, invalidates: { entityType: 'organization', action: 'update' } });
        }),
      );
      const member = (await listOrganizationMembers(db, body.organization_id)).find((row) => row.userId === userId);
      return member ? organizationMemberView(member, await findBudgetById(db, member.budgetId)) : null;
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'delete',
    paths: ['/organization/member_delete'],
    summary: 'Remove a member from an organization (DELETE, as in LiteLLM)',
    body: orgMemberDeleteSchema,
    async handler({ caller, body }) {
      authorize(caller, 'organization:write');
      await loadOrganization(db, body.organization_id);
      const userId = await namedMemberUserId(db, 'organization', body);
      await applyChange(deps, caller, async (tx, audit) => {
        if (!(await removeOrganizationMember(tx, body.organization_id, userId))) throw notAMember('organization');
        await audit({ action: 'organization.member_delete', table: 'organization_memberships', objectId: body.organization_id, before: { user_id: userId }, invalidates: { entityType: 'organization', action: 'update' } });
      });
      return { organization_id: body.organization_id, user_id: userId, deleted: true };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/organization/info'],
    summary: 'An organization with its budget, members and teams',
    query: organizationInfoQuery,
    async handler({ caller, query }) {
      authorize(caller, 'organization:read');
      const organization = await loadOrganization(db, query.organization_id);
      const teams = await listTeams(db, { organizationId: organization.id, pageSize: 500 });
      return { ...(await fullOrganizationView(db, organization)), teams: teams.items.map((team) => teamView(team)) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/organization/list'],
    summary: "Organizations, newest first, as a list (LiteLLM's shape), each with its budget row and members",
    query: organizationListQuery,
    async handler({ caller, query }) {
      authorize(caller, 'organization:read');
      const page = await listOrganizations(deps.reader ?? db, { page: query.page, pageSize: query.size, alias: query.organization_alias });
      return Promise.all(page.items.map((organization) => fullOrganizationView(deps.reader ?? db, organization)));
    },
  });
}
