import { findKeyByHash, hashApiKey, listTeamsOfUser, SHA256_HEX_PATTERN, type Database, type KeyRecord, type TeamRole } from '@switchboard/db';
import { HttpError } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import type { Action, TeamMemberPermission } from '@switchboard/permissions';
import { assertTeamMemberMay } from './team-member-grant.ts';

/** A raw key or its hash (what lists show as `token`). */
export function keyHashOf(ref: string): string {
  return SHA256_HEX_PATTERN.test(ref) ? ref : hashApiKey(ref);
}

export async function loadKey(db: Database, ref: string): Promise<KeyRecord> {
  const key = await findKeyByHash(db, keyHashOf(ref));
  if (!key) throw new HttpError(404, 'No such key', { code: 'key_not_found' });
  return key;
}

/** Whether the caller is an admin of the team (its role in the team, not its proxy role). */
export async function isTeamAdmin(db: Database, caller: Caller, teamId: string): Promise<boolean> {
  return (await teamRolesOf(db, caller)).get(teamId) === 'admin';
}

/**
 * The caller's role in each team they belong to. A key without a user belongs to its own team, as a plain
 * member: it may read the team, never manage it.
 */
export async function teamRolesOf(db: Database, caller: Caller): Promise<Map<string, TeamRole>> {
  if (!caller.user) return new Map(caller.key?.teamId ? [[caller.key.teamId, 'user' as const]] : []);
  const memberships = await listTeamsOfUser(db, caller.user.id);
  return new Map(memberships.map((membership) => [membership.teamId, membership.role]));
}

/** The LiteLLM route a key action is, as a team grants it to members. */
const ROUTE_OF: Partial<Record<Action, TeamMemberPermission>> = { 'key:read': '/key/info', 'key:update': '/key/update', 'key:delete': '/key/delete', 'key:regenerate': '/key/regenerate' };

/**
 * `own` for keys: the caller's own keys, and the keys of teams they are an admin of. On a team key a plain member
 * of the team acts by the team's grant (`team_member_permissions`: reading always, changes when granted), owner
 * or not, as in LiteLLM: the team decides what its members do to its keys.
 */
export async function assertKeyAccess(db: Database, caller: Caller, action: Action, key: KeyRecord): Promise<void> {
  if (authorize(caller, action) === 'all') return;
  // Any key may read itself (LiteLLM's `/key/info` without ?key=, or naming itself).
  if (action === 'key:read' && caller.key?.hash === key.hash) return;
  if (key.teamId) {
    const role = (await teamRolesOf(db, caller)).get(key.teamId);
    if (role === 'admin') return;
    const route = ROUTE_OF[action];
    if (role !== undefined && route) return assertTeamMemberMay(db, key.teamId, route);
  }
  if (caller.user && key.userId === caller.user.id) return;
  throw forbidden('You may only manage your own keys and the keys of teams you administer');
}
