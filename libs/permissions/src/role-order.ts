import { ACTIONS, scopeOf, type Scope, type UserRole } from './permission-matrix.ts';

const SCOPE_RANK: Record<Scope, number> = { none: 0, own: 1, all: 2 };

/**
 * Whether `holder` can do at least everything `other` can, action by action of the permission matrix.
 * The roles are not a line: a proxy_admin_viewer reads everything and writes nothing, an internal_user writes
 * its own objects, so neither dominates the other. Acting on another user (pulling them into a team, minting
 * a key in their name) needs a role that dominates theirs, so nobody borrows a role they do not hold.
 */
export function roleDominates(holder: UserRole, other: UserRole): boolean {
  return ACTIONS.every((action) => SCOPE_RANK[scopeOf(holder, action)] >= SCOPE_RANK[scopeOf(other, action)]);
}

/** Roles that may manage every object (admins); everyone else is bounded by their own ceilings. */
export function isAdminRole(role: UserRole): boolean {
  return role === 'proxy_admin';
}
