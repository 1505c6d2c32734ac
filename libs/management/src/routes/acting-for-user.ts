import { findUserById, type Database, type KeyRecord, type UserRecord } from '@switchboard/db';
import { entryGrantsManagement, roleDominates } from '@switchboard/permissions';
import { HttpError } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import type { Action } from '@switchboard/permissions';

/**
 * Acting in another user's name (pulling them into a team, minting or re-issuing a key that carries their
 * identity) needs a role that dominates theirs: a team admin can never borrow a proxy admin's role by making
 * them a member and then minting a key in their name.
 */
export async function assertMayActFor(db: Database, caller: Caller, userId: string, what: string): Promise<UserRecord> {
  const user = await findUserById(db, userId);
  if (!user) throw new HttpError(404, 'No such user', { code: 'user_not_found' });
  if (!roleDominates(caller.role, user.role)) throw forbidden(`Your role (${caller.role}) may not ${what} a ${user.role}`);
  return user;
}

/** The route list a key made for another user by a non-admin must have: model calls only. */
export const ON_BEHALF_ROUTES = ['openai_routes', 'anthropic_routes'];

/**
 * A key a non-admin makes or changes in another user's name may call models only, never the management API:
 * otherwise its holder would act as that user (read their keys, change their password). An empty list is
 * the default routes, which include the management API, so it becomes the model routes (`openai_routes`, `anthropic_routes`).
 */
export function onBehalfRoutes(routes: readonly string[] | undefined): string[] {
  if (routes === undefined || routes.length === 0) return [...ON_BEHALF_ROUTES];
  const beyond = routes.filter(entryGrantsManagement);
  if (beyond.length > 0) throw forbidden(`A key for another user may call model routes only; not allowed: ${beyond.join(', ')}`);
  return [...routes];
}

/** Whether the caller acts for a user other than themselves without an admin's scope for the action. */
export function actsForAnother(caller: Caller, action: Action, userId: string | null | undefined): boolean {
  return authorize(caller, action) === 'own' && userId != null && userId !== caller.user?.id;
}

/**
 * Regenerating hands the caller a new raw key with the old one's identity: a non-admin may do it for another
 * user's key only when that key could not call the management API anyway.
 */
export function assertMayReissue(caller: Caller, key: KeyRecord): void {
  if (!actsForAnother(caller, 'key:regenerate', key.userId)) return;
  if (key.allowedRoutes.length === 0 || key.allowedRoutes.some(entryGrantsManagement)) {
    throw forbidden("Only the key's user or an admin may regenerate a key that can call the management API");
  }
}
