import type { KeyRecord } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { teamRolesOf } from './key-access.ts';
import { assertTeamMemberMay } from './team-member-grant.ts';

/** Which keys a listing may show a caller, as the listing's filters narrow them. */
export type KeyListScope =
  /** A key without a user owns only itself: the listing is that key, or nothing. */
  | { kind: 'own-key'; key: KeyRecord | undefined }
  | { kind: 'filter'; userId?: string; teamId?: string; organizationId?: string; orTeamIds?: string[] };

export interface KeyListFilters {
  user_id?: string;
  team_id?: string;
  organization_id?: string;
  /** LiteLLM's `include_team_keys`: the keys of the teams the caller is an admin of, too. */
  include_team_keys?: boolean;
}

/**
 * The one rule for the routes that list keys (`/key/list`, `/key/aliases`): an admin's filters are the listing's; anyone
 * else lists their own keys, a team's only as its admin or as a member the team grants the route, another user's or
 * an organization's never.
 */
export async function keyListScope(db: Parameters<typeof teamRolesOf>[0], caller: Caller, filters: KeyListFilters, route: '/key/list' | '/key/aliases'): Promise<KeyListScope> {
  if (authorize(caller, 'key:read') !== 'own') return { kind: 'filter', userId: filters.user_id, teamId: filters.team_id, organizationId: filters.organization_id };
  const self = caller.user;
  if (!self) return { kind: 'own-key', key: caller.key };
  // Read once, for either use below.
  const roles = filters.include_team_keys || filters.team_id !== undefined ? await teamRolesOf(db, caller) : new Map<string, string>();
  const orTeamIds = filters.include_team_keys ? [...roles].filter(([, role]) => role === 'admin').map(([teamId]) => teamId) : undefined;
  let userId = filters.user_id;
  if (filters.team_id !== undefined) {
    const role = roles.get(filters.team_id);
    if (role === undefined) throw forbidden("Only the team's admins, and members it lets, may list its keys");
    if (role !== 'admin') await assertTeamMemberMay(db, filters.team_id, route);
  } else if (userId !== undefined && userId !== self.id) {
    throw forbidden("You may not list another user's keys");
  } else userId = self.id;
  if (filters.organization_id !== undefined) throw forbidden('Only admins may list keys by organization');
  return { kind: 'filter', userId, teamId: filters.team_id, orTeamIds };
}
