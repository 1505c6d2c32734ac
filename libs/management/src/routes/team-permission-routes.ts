import { teamMemberPermissionsOf, updateTeam, type TeamRecord } from '@switchboard/db';
import { effectiveMemberPermissions, TEAM_MEMBER_GRANTABLE } from '@switchboard/permissions';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { z } from 'zod';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { name } from '../schemas/common.ts';
import { teamPermissionsBulkUpdateSchema, teamPermissionsUpdateSchema } from '../schemas/team-schemas.ts';
import { teamView } from '../views/entity-views.ts';
import { isTeamAdmin, teamRolesOf } from './key-access.ts';
import { loadTeam } from './load-team.ts';

/**
 * LiteLLM's `/team/permissions_list` and `/team/permissions_update`: what the team's plain members may do to its
 * keys (libs/permissions/src/team-member-permissions.ts). Anyone who may read the team reads the list (it is
 * also on `/team/info`); the team's admins and proxy admins change it, as they manage its members.
 */
export function mountTeamPermissionRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/team/permissions_list'],
    summary: "What the team's members may do to its keys, and what can be granted",
    query: z.object({ team_id: name() }).strict(),
    async handler({ caller, query }) {
      if (authorize(caller, 'team:read') === 'own' && !(await teamRolesOf(deps.db, caller)).has(query.team_id)) throw forbidden('You may only read teams you belong to');
      const team = await loadTeam(deps.db, query.team_id);
      return { team_id: team.id, team_member_permissions: effectiveMemberPermissions(team.memberPermissions), all_available_permissions: [...TEAM_MEMBER_GRANTABLE] };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/permissions_update'],
    summary: "Set what the team's members may do to its keys (the whole list; the baseline stays)",
    body: teamPermissionsUpdateSchema,
    async handler({ caller, body }) {
      const before = await loadTeam(deps.db, body.team_id);
      if (authorize(caller, 'team:members') === 'own' && !(await isTeamAdmin(deps.db, caller, before.id))) throw forbidden("Only the team's admins may change what its members may do");
      const granted = [...new Set(body.team_member_permissions)];
      const team = await applyChange(deps, caller, async (tx, audit) => {
        const row = (await updateTeam(tx, before.id, { memberPermissions: granted, updatedBy: caller.actor })) as TeamRecord;
        await audit({ action: 'team.permissions_update', table: 'teams', objectId: before.id, before: { team_member_permissions: before.memberPermissions }, after: { team_member_permissions: granted }, invalidates: { entityType: 'team', action: 'update' } });
        return row;
      });
      return teamView(team);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/permissions_bulk_update'],
    summary: "Append permissions to what the members of the named teams (or of every team) may do to their keys: proxy admins only",
    body: teamPermissionsBulkUpdateSchema,
    async handler({ caller, body }) {
      if (authorize(caller, 'team:members') !== 'all') throw forbidden('Only proxy admins may change the member permissions of many teams');
      if (body.permissions.length === 0) return { message: 'No permissions provided', teams_updated: 0, permissions_appended: [] };
      const named = body.team_ids ?? undefined;
      const all = body.apply_to_all_teams === true;
      if (!all && (named === undefined || named.length === 0)) throw new HttpError(400, 'Must provide team_ids or set apply_to_all_teams=true', { param: 'team_ids', code: 'teams_required' });
      if (all && named !== undefined && named.length > 0) throw new HttpError(400, 'Cannot set both apply_to_all_teams=true and team_ids', { param: 'team_ids', code: 'teams_conflict' });
      const teamsUpdated = await applyChange(deps, caller, async (tx, audit) => {
        const teams = await teamMemberPermissionsOf(tx, all ? undefined : named);
        const missing = all ? [] : [...new Set(named)].filter((id) => !teams.some((team) => team.id === id)).sort();
        if (missing.length > 0) throw new HttpError(404, `Team(s) not found: ${missing.join(', ')}`, { param: 'team_ids', code: 'team_not_found' });
        let updated = 0;
        for (const team of teams) {
          const granted = team.memberPermissions ?? [];
          if (body.permissions.every((permission) => granted.includes(permission))) continue;
          const merged = [...new Set([...granted, ...body.permissions])].sort();
          await updateTeam(tx, team.id, { memberPermissions: merged, updatedBy: caller.actor });
          await audit({ action: 'team.permissions_update', table: 'teams', objectId: team.id, before: { team_member_permissions: team.memberPermissions }, after: { team_member_permissions: merged }, invalidates: { entityType: 'team', action: 'update' } });
          updated++;
        }
        return updated;
      });
      return { message: 'Team permissions updated successfully', teams_updated: teamsUpdated, permissions_appended: [...new Set(body.permissions)] };
    },
  });
}
