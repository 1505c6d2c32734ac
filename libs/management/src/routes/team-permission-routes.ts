import { updateTeam, type TeamRecord } from '@switchboard/db';
import { effectiveMemberPermissions, TEAM_MEMBER_GRANTABLE } from '@switchboard/permissions';
import type { ServiceApp } from '@switchboard/service-kit';
import { z } from 'zod';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { name } from '../schemas/common.ts';
import { teamPermissionsUpdateSchema } from '../schemas/team-schemas.ts';
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
}
