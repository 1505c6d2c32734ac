import type { SpendEntityType, SpendLogFilter } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { assertKeyAccess, loadKey, teamRolesOf } from './key-access.ts';

/**
 * Whose spend a view shows when the caller names nobody: everyone's for those who read all spend; otherwise the
 * caller's own, a user's spend, or for a key that belongs to no user (a team's service key) that key's own.
 */
export type SpendOwner = { readonly kind: 'all' } | { readonly kind: 'user'; readonly userId: string } | { readonly kind: 'key'; readonly keyHash: string };

export function spendOwnerOf(caller: Caller): SpendOwner {
  if (authorize(caller, 'spend:read') === 'all') return { kind: 'all' };
  if (caller.user) return { kind: 'user', userId: caller.user.id };
  if (caller.key) return { kind: 'key', keyHash: caller.key.hash };
  throw forbidden('Name the spend to read');
}

/** The owner's rows in the daily aggregates: the global rows count every request. */
export function dailyEntityOf(owner: SpendOwner): { entityType: SpendEntityType; entityIds?: string[] } {
  if (owner.kind === 'user') return { entityType: 'user', entityIds: [owner.userId] };
  if (owner.kind === 'key') return { entityType: 'key', entityIds: [owner.keyHash] };
  return { entityType: 'global' };
}

/** The owner's rows in the spend logs. */
export function spendLogOwnerFilter(owner: SpendOwner): Pick<SpendLogFilter, 'userId' | 'keyHash'> {
  if (owner.kind === 'user') return { userId: owner.userId };
  if (owner.kind === 'key') return { keyHash: owner.keyHash };
  return {};
}

/** Non-admins see their own spend only: their user, their keys, their teams. */
export async function assertSpendScope(deps: ManagementDeps, caller: Caller, filter: { userId?: string; keyRef?: string; teamId?: string; organizationId?: string }): Promise<void> {
  if (authorize(caller, 'spend:read') === 'all') return;
  if (filter.userId !== undefined && filter.userId !== caller.user?.id) throw forbidden("You may not read another user's spend");
  if (filter.keyRef !== undefined) await assertKeyAccess(deps.db, caller, 'key:read', await loadKey(deps.db, filter.keyRef));
  if (filter.teamId !== undefined && !(await teamRolesOf(deps.db, caller)).has(filter.teamId)) throw forbidden("You may not read another team's spend");
  if (filter.organizationId !== undefined) throw forbidden("Only admins may read an organization's spend");
}
