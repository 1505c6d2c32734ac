/**
 * What a team's plain members (role `user` in the team) may do to the team's keys, by LiteLLM's route names
 * (`team_member_permissions` on a team). A team admin and a proxy admin may do all of it; a plain member only
 * what the team grants, on top of the baseline every member has (reading the team's keys). The grant never
 * widens what the key may do: a key a member makes or changes stays within the team's and the member's own
 * bounds, as a team admin's would (libs/management/src/routes/key-ceilings.ts). The caller's own role comes
 * first: a role that may not manage keys at all (`internal_user_viewer`) gains nothing from a team grant.
 */
export const TEAM_MEMBER_BASELINE = ['/key/info', '/key/health'] as const;

/** The permissions a team can grant its members (LiteLLM's key management routes that Switchboard serves). */
export const TEAM_MEMBER_GRANTABLE = ['/key/generate', '/key/service-account/generate', '/key/update', '/key/delete', '/key/regenerate', '/key/info', '/key/list', '/key/aliases', '/key/health'] as const;

export type TeamMemberPermission = (typeof TEAM_MEMBER_GRANTABLE)[number];

export function isTeamMemberPermission(route: string): route is TeamMemberPermission {
  return (TEAM_MEMBER_GRANTABLE as readonly string[]).includes(route);
}

/** A team's members' permissions: the baseline and what the team grants (none set, or an empty list: the baseline). */
export function effectiveMemberPermissions(granted: readonly string[] | null | undefined): TeamMemberPermission[] {
  const all = new Set<string>(TEAM_MEMBER_BASELINE);
  for (const route of granted ?? []) if (isTeamMemberPermission(route)) all.add(route);
  return TEAM_MEMBER_GRANTABLE.filter((route) => all.has(route));
}
