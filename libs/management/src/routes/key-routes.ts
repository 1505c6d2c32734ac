import { archiveAndDeleteKey, findKeyByAlias, insertKey, listKeyAliases, listKeys, listTeamMembers, updateKey, type KeyRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { eachOnItsOwn } from './each-on-its-own.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { boundLoggingMetadata, loggingWriteOf } from '../permissions/logging-metadata.ts';
import { boundPrivilegedMetadata } from '../permissions/privileged-metadata.ts';
import { blockKeySchema, deleteKeysSchema, generateKeySchema, keyAliasesQuery, keyInfoQuery, keyListQuery, updateKeySchema, bulkUpdateKeysSchema, type GenerateKeyInput, type UpdateKeyInput } from '../schemas/key-schemas.ts';
import type { Caller } from '../auth/caller.ts';
import { keyView } from '../views/entity-views.ts';
import { assertKeyAccess, keyHashOf, loadKey, teamRolesOf } from './key-access.ts';
import { keyListScope } from './key-list-scope.ts';
import { assertTeamMemberMay } from './team-member-grant.ts';
import { actsForAnother, assertMayActFor, onBehalfRoutes } from './acting-for-user.ts';
import { boundByCeilings } from './key-ceilings.ts';
import { accessGroupsOfModels } from './model-catalog.ts';
import { ceilingsOf } from './key-ceilings-of.ts';
import { generateRawKey, keyColumns, strengthOf } from './key-columns.ts';
import { ensureImplicitUser } from './implicit-user.ts';
import { mountKeyResetSpend } from './key-reset-spend.ts';
import { metadataWithKept } from './keep-fields.ts';
import { KEPT_KEY_FIELDS, keptValues, withoutKept } from '../schemas/kept-fields.ts';
import { mountKeyRegenerate } from './key-regenerate.ts';
import { assertLimitedTagsStay } from './limited-tags-stay.ts';

const ADMIN_ONLY_KEY_FIELDS = ['organization_id', 'budget_id'] as const;

export function mountKeyRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  /**
   * `/key/generate`, and LiteLLM's `/key/service-account/generate`: a team's key that belongs to no user (it outlives
   * any member and answers to the team's limits only). Both through the same checks; a service account needs the
   * team, names no user, and a plain member makes one only when the team grants that route.
   */
  async function generateKey(caller: Caller, request: GenerateKeyInput, serviceAccount: boolean) {
    const scope = authorize(caller, 'key:create');
    if (serviceAccount && !request.team_id) throw new HttpError(400, 'A service account key belongs to a team: give team_id', { param: 'team_id' });
    if (serviceAccount && request.user_id) throw new HttpError(400, 'A service account key belongs to no user: leave user_id out (use /key/generate for a user\'s key)', { param: 'user_id' });
    const body = withoutKept(request, KEPT_KEY_FIELDS);
    let strength = strengthOf(body);
    let userId = body.user_id;
    let metadata = metadataWithKept(deps.logger, 'key', keptValues(request, KEPT_KEY_FIELDS), body.metadata);
    if (scope === 'own') {
      const self = caller.user!;
      for (const field of ADMIN_ONLY_KEY_FIELDS) if (body[field] != null) throw forbidden(`Only admins may set ${field}`);
      if (body.spend !== undefined && body.spend !== '0') throw forbidden('Only admins may set spend');
      if (body.team_id) {
        const role = (await teamRolesOf(db, caller)).get(body.team_id);
        if (!role) throw forbidden('You are not a member of this team');
        // A plain member makes the team's keys only when the team grants it (LiteLLM's team_member_permissions).
        if (role !== 'admin') await assertTeamMemberMay(db, body.team_id, serviceAccount ? '/key/service-account/generate' : '/key/generate');
        if (userId && userId !== self.id) {
          if (role !== 'admin') throw forbidden('Only team admins may create keys for other members');
          if (!(await listTeamMembers(db, body.team_id)).some((member) => member.userId === userId)) throw forbidden('That user is not a member of the team');
          await assertMayActFor(db, caller, userId, 'create a key for');
        }
      } else if (userId && userId !== self.id) throw forbidden('You may only create keys for yourself');
      if (!serviceAccount) userId ??= self.id;
      strength = boundByCeilings(strength, await ceilingsOf(db, caller, body.team_id), { isNew: true, accessGroups: await accessGroupsOfModels(deps, strength.models) });
      if (userId !== self.id) strength = { ...strength, allowedRoutes: onBehalfRoutes(strength.allowedRoutes) };
      metadata = boundPrivilegedMetadata(metadata, caller.key?.metadata, { isNew: true });
    }
    metadata = boundLoggingMetadata(metadata, undefined, loggingWriteOf(deps, caller, 'key'));
    const rawKey = body.key ?? generateRawKey();
    const record = await translateDbErrors(() =>
      applyChange(deps, caller, async (tx, audit) => {
        // An admin may name a user that does not exist yet: it is created, with the weakest role.
        if (userId && scope === 'all') await ensureImplicitUser(tx, audit, caller, { id: userId });
        const key = await insertKey(tx, { ...keyColumns({ ...body, user_id: userId, metadata }, strength), rawKey, createdBy: caller.actor, updatedBy: caller.actor });
        await audit({ action: 'key.generate', table: 'keys', objectId: key.hash, after: keyView(key), invalidates: { entityType: 'key', action: 'insert' } });
        return key;
      }),
    );
    // LiteLLM's `token_id` is the stored key's id, its hash (also `token`).
    return { key: rawKey, token_id: record.hash, ...keyView(record) };
  }

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/generate'],
    summary: 'Create a virtual key; the raw key is in this response only',
    body: generateKeySchema,
    handler: ({ caller, body }) => generateKey(caller, body, false),
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/service-account/generate'],
    summary: "Create a team's service account key (no user: it outlives members and answers to the team's limits)",
    body: generateKeySchema,
    handler: ({ caller, body }) => generateKey(caller, body, true),
  });

  /** `/key/update`, and each item of LiteLLM's `/key/bulk_update`: one key changed through the same checks. */
  async function updateOneKey(caller: Caller, { key: ref, ...request }: UpdateKeyInput) {
    const key = await loadKey(db, ref);
    await assertKeyAccess(db, caller, 'key:update', key);
    const fields = withoutKept(request, KEPT_KEY_FIELDS);
    fields.metadata = metadataWithKept(deps.logger, 'key', keptValues(request, KEPT_KEY_FIELDS), fields.metadata, key.metadata);
    let strength = strengthOf(fields);
    if (authorize(caller, 'key:update') === 'own') {
      // Sending a key's own owner, team or state back is no change (LiteLLM's clients send team_id on every update).
      const current = { user_id: key.userId, team_id: key.teamId, organization_id: key.organizationId, budget_id: key.budgetId, blocked: key.blocked };
      for (const field of ['user_id', 'team_id', 'organization_id', 'budget_id', 'blocked', 'spend'] as const) {
        if (fields[field] !== undefined && (field === 'spend' || fields[field] !== current[field])) throw forbidden(`Only admins may change ${field}`);
      }
      strength = boundByCeilings(strength, await ceilingsOf(db, caller, key.teamId), { isNew: false, accessGroups: await accessGroupsOfModels(deps, strength.models) });
      if (actsForAnother(caller, 'key:update', key.userId) && strength.allowedRoutes !== undefined) strength = { ...strength, allowedRoutes: onBehalfRoutes(strength.allowedRoutes) };
      fields.metadata = boundPrivilegedMetadata(fields.metadata, key.metadata, { isNew: false });
      await assertLimitedTagsStay(db, key, fields);
    }
    fields.metadata = boundLoggingMetadata(fields.metadata, key.metadata, loggingWriteOf(deps, caller, 'key'));
    const updated = await translateDbErrors(() =>
      applyChange(deps, caller, async (tx, audit) => {
        if (fields.user_id) await ensureImplicitUser(tx, audit, caller, { id: fields.user_id });
        const row = (await updateKey(tx, key.hash, { ...keyColumns(fields, strength), updatedBy: caller.actor })) as KeyRecord;
        await audit({ action: 'key.update', table: 'keys', objectId: key.hash, before: keyView(key), after: keyView(row), invalidates: { entityType: 'key', action: 'update' } });
        return row;
      }),
    );
    return keyView(updated);
  }

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/update'],
    summary: 'Change the fields given on a key',
    body: updateKeySchema,
    handler: ({ caller, body }) => updateOneKey(caller, body),
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/bulk_update'],
    summary: "Change many keys (LiteLLM's budget_id, max_budget, team_id and tags per key), each through /key/update's checks: {total_requested, successful_updates, failed_updates}",
    body: bulkUpdateKeysSchema,
    async handler({ caller, body }) {
      authorize(caller, 'key:update');
      const outcomes = await eachOnItsOwn(body.keys, (item) => updateOneKey(caller, item));
      return {
        total_requested: body.keys.length,
        successful_updates: outcomes.flatMap((o) => (o.ok ? [{ key: o.item.key, key_info: o.value }] : [])),
        failed_updates: outcomes.flatMap((o) => (o.ok ? [] : [{ key: o.item.key, key_info: null, failed_reason: o.reason }])),
      };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/delete'],
    summary: 'Delete keys by value, hash or alias (they are archived)',
    body: deleteKeysSchema,
    async handler({ caller, body }) {
      const targets: KeyRecord[] = [];
      for (const ref of body.keys ?? []) targets.push(await loadKey(db, ref));
      for (const alias of body.key_aliases ?? []) {
        const key = await findKeyByAlias(db, alias);
        if (!key) throw new HttpError(404, 'No key has one of the given aliases', { code: 'key_not_found' });
        targets.push(key);
      }
      for (const key of targets) await assertKeyAccess(db, caller, 'key:delete', key);
      await applyChange(deps, caller, async (tx, audit) => {
        for (const key of targets) {
          if (!(await archiveAndDeleteKey(tx, key.hash, { deletedBy: caller.actor }))) continue;
          await audit({ action: 'key.delete', table: 'keys', objectId: key.hash, before: keyView(key), invalidates: { entityType: 'key', action: 'delete' } });
        }
      });
      return { deleted_keys: [...new Set(targets.map((key) => key.hash))] };
    },
  });

  for (const blocked of [true, false]) {
    mountEndpoint(service, deps, registry, {
      method: 'post',
      paths: [blocked ? '/key/block' : '/key/unblock'],
      summary: blocked ? 'Block a key: the gateway refuses it at once' : 'Unblock a key',
      body: blockKeySchema,
      async handler({ caller, body }) {
        authorize(caller, 'key:block');
        const key = await loadKey(db, body.key);
        const updated = await applyChange(deps, caller, async (tx, audit) => {
          const row = (await updateKey(tx, key.hash, { blocked, updatedBy: caller.actor })) as KeyRecord;
          await audit({ action: blocked ? 'key.block' : 'key.unblock', table: 'keys', objectId: key.hash, before: keyView(key), after: keyView(row), invalidates: { entityType: 'key', action: 'update' } });
          return row;
        });
        return keyView(updated);
      },
    });
  }

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/key/info', '/v2/key/info'],
    summary: 'One key (by raw value or hash); without ?key=, the key you call with',
    query: keyInfoQuery,
    async handler({ caller, query }) {
      const ref = query.key ?? caller.key?.hash;
      if (ref === undefined) throw new HttpError(400, 'Give ?key=', { param: 'key' });
      const key = await loadKey(db, ref);
      await assertKeyAccess(db, caller, 'key:read', key);
      return { key: key.hash, info: keyView(key) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/key/list'],
    summary: 'Keys, newest first, paginated',
    query: keyListQuery,
    async handler({ caller, query }) {
      // LiteLLM lists the keys' hashes unless asked for the whole objects.
      const shown = (key: KeyRecord) => (query.return_full_object ? keyView(key) : key.hash);
      const scope = await keyListScope(db, caller, query, '/key/list');
      if (scope.kind === 'own-key') {
        const own = scope.key;
        return { keys: own ? [shown(own)] : [], total_count: own ? 1 : 0, current_page: 1, total_pages: 1 };
      }
      const page = await listKeys(deps.reader ?? db, {
        page: query.page,
        pageSize: query.size,
        userId: scope.userId,
        teamId: scope.teamId,
        organizationId: scope.organizationId,
        alias: query.key_alias,
        hash: query.key_hash === undefined ? undefined : keyHashOf(query.key_hash),
        orTeamIds: scope.orTeamIds,
        sortBy: query.sort_by,
        sortOrder: query.sort_order,
      });
      return { keys: page.items.map(shown), total_count: page.total, current_page: page.page, total_pages: Math.ceil(page.total / page.pageSize) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/key/aliases'],
    summary: "The aliases of the keys /key/list would show, in code point order, paginated (LiteLLM's, for the dashboard's filters)",
    query: keyAliasesQuery,
    async handler({ caller, query }) {
      const scope = await keyListScope(db, caller, query, '/key/aliases');
      if (scope.kind === 'own-key') {
        const alias = scope.key?.alias;
        const shown = alias != null && (query.search === undefined || alias.toLowerCase().includes(query.search.toLowerCase())) ? [alias] : [];
        return { aliases: shown, total_count: shown.length, current_page: 1, total_pages: 1 };
      }
      const { kind: _kind, ...filter } = scope;
      const page = await listKeyAliases(deps.reader ?? db, { ...filter, search: query.search, page: query.page, pageSize: query.size });
      return { aliases: page.items, total_count: page.total, current_page: page.page, total_pages: Math.ceil(page.total / page.pageSize) };
    },
  });

  mountKeyRegenerate(service, deps, registry);
  mountKeyResetSpend(service, deps, registry);
}
