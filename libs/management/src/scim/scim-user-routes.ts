import { archiveAndDeleteKey, deleteSessionsOfUser, deleteUser, findTeamById, findUserByEmail, findUserById, findUserByMetadataValue, insertUser, listKeys, listTeamsOfUser, listUsers, lockUser, updateUser, type Database, type UserRecord } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import type { EndpointRegistry } from '../http/endpoint.ts';
import { parseInput } from '../http/validate.ts';
import { keyView, userView } from '../views/entity-views.ts';
import { parseScimFilter } from './parse-scim-filter.ts';
import { scimListResponse } from './scim-list-response.ts';
import { scimWindow } from './scim-window.ts';
import { ScimError } from './scim-error.ts';
import { mountScimEndpoint } from './scim-endpoint.ts';
import { scimListQuery, scimPatchSchema, scimUserSchema, type ScimUserInput } from './scim-schemas.ts';
import { setScimUserActive } from './scim-user-activation.ts';
import { patchScimUser, primaryEmail, SCIM_USER_METADATA, scimUserResource, scimUserState } from './scim-user-resource.ts';

/** The role a user provisioned by SCIM gets; an admin can change it, SCIM never does. */
const PROVISIONED_ROLE = 'internal_user';
const USER_FILTERS = ['username', 'externalid', 'emails[type eq "work"].value', 'emails.value', 'emails'];

async function resourceOf(db: Database, user: UserRecord) {
  const memberships = await listTeamsOfUser(db, user.id);
  const teams = await Promise.all(memberships.map(async (membership) => ({ id: membership.teamId, alias: (await findTeamById(db, membership.teamId))?.alias ?? null })));
  return scimUserResource(user, teams);
}

async function loadUser(db: Database, id: string): Promise<UserRecord> {
  const user = await findUserById(db, id);
  if (!user) throw new ScimError(404, `User ${id} not found`);
  return user;
}

async function findByFilter(db: Database, attribute: string, value: string): Promise<UserRecord | undefined> {
  if (attribute === 'username') return findUserById(db, value);
  if (attribute === 'externalid') return findUserByMetadataValue(db, SCIM_USER_METADATA.externalId, value);
  return findUserByEmail(db, value);
}

/** The metadata and columns a SCIM state writes (the `active` bookkeeping is added by `setScimUserActive`). */
function scimColumns(state: ScimUserInput, metadata: Record<string, unknown>) {
  return {
    email: primaryEmail(state),
    alias: state.displayName ?? null,
    metadata: { ...metadata, [SCIM_USER_METADATA.externalId]: state.externalId ?? undefined, [SCIM_USER_METADATA.name]: state.name ?? undefined },
  };
}

/** Writes a new SCIM state onto a user: columns, metadata, and (when `active` changes) their keys. */
async function writeUser(deps: ManagementDeps, caller: Caller, before: UserRecord, state: ScimUserInput): Promise<UserRecord> {
  const user = await translateDbErrors(() =>
    applyChange(deps, caller, async (tx, audit) => {
      // The user's row before their keys' (see lockUser): deactivation blocks the keys, then writes the user.
      await lockUser(tx, before.id);
      const metadata = await setScimUserActive(tx, audit, caller, before, state.active ?? true);
      const row = (await updateUser(tx, before.id, { ...scimColumns(state, metadata), updatedBy: caller.actor })) as UserRecord;
      await audit({ action: 'user.update', table: 'users', objectId: before.id, before: userView(before), after: userView(row), invalidates: { entityType: 'user', action: 'update' } });
      return row;
    }),
  );
  // A deactivated user's dashboard sessions end with their keys.
  if (state.active === false) await deleteSessionsOfUser(deps.db, before.id);
  return user;
}

export function mountScimUserRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountScimEndpoint(service, deps, registry, {
    method: 'get',
    path: '/scim/v2/Users',
    summary: 'SCIM: list users (filter userName/externalId/emails eq, startIndex, count)',
    async handler({ req }) {
      const query = parseInput(scimListQuery, req.query, 'query');
      const filter = parseScimFilter(query.filter, USER_FILTERS);
      if (filter) {
        const user = await findByFilter(deps.reader ?? db, filter.attribute, filter.value);
        const users = user && query.startIndex === 1 && query.count > 0 ? [user] : [];
        return { resource: scimListResponse(await Promise.all(users.map((found) => resourceOf(db, found))), user ? 1 : 0, query.startIndex) };
      }
      const { items, total } = await scimWindow((page, pageSize) => listUsers(deps.reader ?? db, { page, pageSize }), query.startIndex, query.count);
      return { resource: scimListResponse(await Promise.all(items.map((user) => resourceOf(db, user))), total, query.startIndex) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'post',
    path: '/scim/v2/Users',
    summary: 'SCIM: create a user (userName becomes the user id)',
    body: scimUserSchema,
    async handler({ caller, body }) {
      if (await findUserById(db, body.userName)) throw new ScimError(409, `User ${body.userName} already exists`, 'uniqueness');
      const created = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const row = await insertUser(tx, { id: body.userName, role: PROVISIONED_ROLE, ...scimColumns(body, {}), createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'user.new', table: 'users', objectId: row.id, after: userView(row), invalidates: { entityType: 'user', action: 'insert' } });
          return row;
        }),
      );
      const user = body.active === false ? await writeUser(deps, caller, created, body) : created;
      return { status: 201, resource: await resourceOf(db, user) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'get',
    path: '/scim/v2/Users/:id',
    summary: 'SCIM: one user',
    async handler({ req }) {
      return { resource: await resourceOf(db, await loadUser(db, String(req.params.id))) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'put',
    path: '/scim/v2/Users/:id',
    summary: 'SCIM: replace a user (active: false blocks their keys)',
    body: scimUserSchema,
    async handler({ req, caller, body }) {
      const before = await loadUser(db, String(req.params.id));
      if (body.userName !== before.id) throw new ScimError(400, 'userName is the user id and cannot change', 'mutability');
      return { resource: await resourceOf(db, await writeUser(deps, caller, before, body)) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'patch',
    path: '/scim/v2/Users/:id',
    summary: 'SCIM: PatchOp on a user (active, name, displayName, emails, externalId)',
    body: scimPatchSchema,
    async handler({ req, caller, body }) {
      const before = await loadUser(db, String(req.params.id));
      const { state, ignored } = patchScimUser(scimUserState(before), body.Operations);
      if (ignored.length > 0) deps.logger.warn({ userId: before.id, ignored }, 'SCIM patch: attributes Switchboard does not keep were ignored');
      return { resource: await resourceOf(db, await writeUser(deps, caller, before, state)) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'delete',
    path: '/scim/v2/Users/:id',
    summary: 'SCIM: delete a user; their keys are archived',
    async handler({ req, caller }) {
      const user = await loadUser(db, String(req.params.id));
      await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          for (let keys = await listKeys(tx, { userId: user.id, pageSize: 500 }); keys.items.length > 0; keys = await listKeys(tx, { userId: user.id, pageSize: 500 })) {
            for (const key of keys.items) {
              await archiveAndDeleteKey(tx, key.hash, { deletedBy: caller.actor });
              await audit({ action: 'key.delete', table: 'keys', objectId: key.hash, before: keyView(key), invalidates: { entityType: 'key', action: 'delete' } });
            }
          }
          await deleteUser(tx, user.id);
          await audit({ action: 'user.delete', table: 'users', objectId: user.id, before: userView(user), invalidates: { entityType: 'user', action: 'delete' } });
        }),
      );
      return undefined;
    },
  });
}
