import { findOrganizationById, findTeamById, listTeamMembers, lockTeam, updateTeam, type TeamRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { teamModelsSchema } from '../schemas/team-schemas.ts';
import { teamView } from '../views/entity-views.ts';
import { isTeamAdmin } from './key-access.ts';
import { teamNotFound } from './load-team.ts';
import { accessGroupsOfModels } from './model-catalog.ts';
import { adminGrantOf, assertTeamAdminMayAdd, assertTeamAdminMayRemove, modelsAfterAdd, modelsAfterRemove, withAdminGrant, type TeamModelBounds } from './team-model-rules.ts';


/** Proxy admins change any team's list; an internal user only the lists of teams it is an admin of. */
async function scopeFor(deps: ManagementDeps, caller: Caller, team: TeamRecord): Promise<'all' | 'own'> {
  const scope = authorize(caller, 'team:models');
  if (scope === 'own' && !(await isTeamAdmin(deps.db, caller, team.id))) throw forbidden("Only the team's admins may change its models");
  return scope;
}

/** What a team admin's additions are checked against, read before the transaction (no waiting on another connection inside it). */
async function boundsOf(deps: ManagementDeps, team: TeamRecord, added: readonly string[]): Promise<Omit<TeamModelBounds, 'adminGrant'>> {
  const organization = team.organizationId ? await findOrganizationById(deps.db, team.organizationId) : undefined;
  return { organizationModels: organization?.models, accessGroups: await accessGroupsOfModels(deps, added) };
}

/**
 * LiteLLM's team model add/delete, bounded: a team admin adds only what the team's organization allows or
 * a proxy admin granted, and never lifts the list (empty, `all-proxy-models`, `*`). A proxy admin's change
 * becomes the new grant (`metadata.admin_models`).
 */
export function mountTeamModelRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  for (const kind of ['add', 'delete'] as const) {
    mountEndpoint(service, deps, registry, {
      method: 'post',
      paths: [`/team/model/${kind}`],
      summary: kind === 'add' ? "Add models to a team's list (team admins: within the organization's or an admin's grant)" : "Remove models from a team's list (team admins: never the last one)",
      body: teamModelsSchema,
      async handler({ caller, body }) {
        const found = await findTeamById(deps.db, body.team_id);
        if (!found) throw teamNotFound();
        const scope = await scopeFor(deps, caller, found);
        const bounds = scope === 'own' && kind === 'add' ? await boundsOf(deps, found, body.models) : undefined;
        const team = await applyChange(deps, caller, async (tx, audit) => {
          // Locked and read again: the checks below hold for the list this change replaces.
          const before = await lockTeam(tx, body.team_id);
          if (!before) throw teamNotFound();
          let models: string[];
          if (kind === 'add') {
            if (bounds) assertTeamAdminMayAdd(before.models, body.models, { ...bounds, adminGrant: adminGrantOf(before.metadata) });
            models = modelsAfterAdd(before.models, body.models);
          } else {
            const after = modelsAfterRemove(before.models, body.models);
            if (after.missing.length > 0) throw new HttpError(404, `Not on the team's model list: ${after.missing.join(', ')}`, { code: 'model_not_in_team' });
            if (scope === 'own') assertTeamAdminMayRemove(before.models, after.models);
            models = after.models;
          }
          const row = (await updateTeam(tx, body.team_id, { models, ...(scope === 'all' ? { metadata: withAdminGrant(before.metadata, models) } : {}), updatedBy: caller.actor })) as TeamRecord;
          await audit({ action: `team.model_${kind}`, table: 'teams', objectId: body.team_id, before: teamView(before), after: teamView(row), invalidates: { entityType: 'team', action: 'update' } });
          return row;
        });
        return teamView(team, await listTeamMembers(deps.db, body.team_id));
      },
    });
  }
}
