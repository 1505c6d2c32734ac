import { findOrInsertUser, type Transaction, type UserRecord, type UserRole } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import type { Audit } from '../changes/apply-change.ts';
import { userView } from '../views/entity-views.ts';

/**
 * Users LiteLLM creates without a `/user/new` (a team member or a key's owner named by an id or e-mail that
 * is not a user yet) get the weakest role: they may read their own keys, teams and spend and change nothing,
 * until an admin gives them a role. Nobody gains a power by being named.
 */
export const IMPLICIT_USER_ROLE: UserRole = 'internal_user_viewer';

/** The user named, created (and audited) in the caller's transaction when absent. */
export async function ensureImplicitUser(tx: Transaction, audit: Audit, caller: Caller, who: { id?: string; email?: string }): Promise<UserRecord> {
  const { user, created } = await findOrInsertUser(tx, who, { role: IMPLICIT_USER_ROLE, createdBy: caller.actor });
  if (created) await audit({ action: 'user.new', table: 'users', objectId: user.id, after: { ...userView(user), implicit: true }, invalidates: { entityType: 'user', action: 'insert' } });
  return user;
}
