import { findTeamById, type Database } from '@switchboard/db';
import { effectiveMemberPermissions, type TeamMemberPermission } from '@switchboard/permissions';
import { HttpError } from '@switchboard/service-kit';

/**
 * A plain member of a team (not its admin) acting on the team's keys: allowed when the team grants the route
 * (`team_member_permissions`, libs/permissions/src/team-member-permissions.ts); otherwise LiteLLM's refusal, a
 * 401 `team_member_permission_error` naming the route and what the member may do.
 */
export async function assertTeamMemberMay(db: Database, teamId: string, route: TeamMemberPermission): Promise<void> {
  const granted = effectiveMemberPermissions((await findTeamById(db, teamId))?.memberPermissions);
  if (granted.includes(route)) return;
  throw new HttpError(401, `Team member does not have permissions for endpoint: ${route}. You only have access to the following endpoints: ${granted.join(', ')} for team ${teamId}. Ask a team admin to grant it (team_member_permissions).`, {
    type: 'team_member_permission_error',
    param: route,
    code: 'team_member_permission_error',
  });
}
