import { addTeamMember, findTeamById, hasUnblockedKeyWithFlag, listTeamsOfUser, removeTeamMember, updateUser, type UserRecord } from '@switchboard/db';
import { applyChange } from '../changes/apply-change.ts';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { claimValues } from './map-sso-role.ts';
import { SCIM_TOKEN_FLAG } from '../scim/scim-token.ts';
import type { SsoSettings } from './sso-settings.ts';

/** Where a user's metadata remembers the teams SSO gave it, so a later login can take back only those. */
export const SSO_TEAMS_FIELD = 'sso_teams';

/**
 * The teams a login's claims map to (SWITCHBOARD_SSO_TEAM_MAPPINGS), applied at every login: the user joins the
 * mapped teams it is not in, and leaves the teams an earlier SSO login gave it that its claims no longer map
 * to. Teams it joined any other way are never touched. Each change is audited and invalidates like a
 * `/team/member_add`. When SCIM manages membership (`scimManagesTeams`), claims only set the role.
 */
export async function applySsoTeams(deps: Pick<ManagementDeps, 'db' | 'publisher' | 'logger'>, user: UserRecord, claims: Readonly<Record<string, unknown>>, settings: Pick<SsoSettings, 'roleClaim' | 'teamMappings'>): Promise<void> {
  if (Object.keys(settings.teamMappings).length === 0) return;
  // SCIM, once a live token exists, is the source of truth for membership: claims then only set the role.
  if (await hasUnblockedKeyWithFlag(deps.db, SCIM_TOKEN_FLAG)) return;
  const wanted = new Set(claimValues(claims[settings.roleClaim]).flatMap((value) => settings.teamMappings[value] ?? []));
  const given = new Set(Array.isArray(user.metadata[SSO_TEAMS_FIELD]) ? (user.metadata[SSO_TEAMS_FIELD] as unknown[]).filter((id): id is string => typeof id === 'string') : []);
  const current = new Set((await listTeamsOfUser(deps.db, user.id)).map((membership) => membership.teamId));
  const join: string[] = [];
  for (const teamId of wanted) {
    if (current.has(teamId)) continue;
    if (await findTeamById(deps.db, teamId)) join.push(teamId);
    else deps.logger.warn({ teamId }, 'SWITCHBOARD_SSO_TEAM_MAPPINGS names a team that does not exist; skipped');
  }
  const leave = [...given].filter((teamId) => !wanted.has(teamId) && current.has(teamId));
  const kept = [...wanted].filter((teamId) => current.has(teamId) || join.includes(teamId));
  const caller: Caller = { via: 'session', role: user.role, user, actor: `sso:${user.id}` };
  await applyChange(deps, caller, async (tx, audit) => {
    for (const teamId of join) {
      await addTeamMember(tx, { teamId, userId: user.id, role: 'user' });
      await audit({ action: 'team.member_add', table: 'team_memberships', objectId: teamId, after: { user_id: user.id, role: 'user', via: 'sso' }, invalidates: { entityType: 'team', action: 'update' } });
    }
    for (const teamId of leave) {
      await removeTeamMember(tx, teamId, user.id);
      await audit({ action: 'team.member_delete', table: 'team_memberships', objectId: teamId, before: { user_id: user.id }, after: { via: 'sso' }, invalidates: { entityType: 'team', action: 'update' } });
    }
    await updateUser(tx, user.id, { metadata: { ...user.metadata, [SSO_TEAMS_FIELD]: kept } });
  });
}
