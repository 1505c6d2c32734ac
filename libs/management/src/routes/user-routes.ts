import { addTeamMember, archiveAndDeleteKey, listAllUserIds, deleteSessionsOfUser, deleteUser, findBudgetById, findTeamById, findUserByEmail, findUserById, insertKey, insertUser, listKeys, listTeamsOfUser, listUsers, updateUser, type Database, type TeamMembershipRecord, type UserRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { hashPassword, verifyPassword } from '../auth/password-hash.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { bulkUpdateUsersSchema, deleteUsersSchema, MAX_BULK_USERS, newUserSchema, updateUserSchema, userInfoQuery, userListQuery, type UpdateUserInput } from '../schemas/user-schemas.ts';
import type { Caller } from '../auth/caller.ts';
import { eachOnItsOwn } from './each-on-its-own.ts';
import { KEPT_USER_FIELDS, keptValues, withoutKept } from '../schemas/kept-fields.ts';
import { keyView, teamMembershipRowView, userView } from '../views/entity-views.ts';
import { budgetColumns, given } from './budget-columns.ts';
import { ensureImplicitUser } from './implicit-user.ts';
import { metadataWithKept } from './keep-fields.ts';
import { expiryOf, generateRawKey } from './key-columns.ts';
import { setMemberBudget } from './member-budget.ts';

/** One of the user's teams as LiteLLM's `/user/info` lists them: the team, with the user's membership and its own budget. */
async function teamMembershipView(db: Database, membership: TeamMembershipRecord) {
  const [team, budget] = await Promise.all([findTeamById(db, membership.teamId), findBudgetById(db, membership.budgetId)]);
  return {
    team_id: membership.teamId,
    team_alias: team?.alias ?? null,
    role: membership.role,
    team_memberships: [{ ...teamMembershipRowView(membership, budget), role: membership.role }],
  };
}

/** What a user may change about themselves; everything else (role, budget, models) is an admin's call. */
const SELF_SERVICE_FIELDS = new Set(['user_id', 'user_alias', 'user_email', 'password', 'current_password']);

/** LiteLLM's key fields on `/user/update`: accepted and kept, they change no key (as in LiteLLM). */
const KEY_FIELDS_ON_UPDATE = { key_alias: true, duration: true, team_id: true, aliases: true, blocked: true } as const;

type UserFields = Omit<UpdateUserInput, 'user_id' | 'current_password' | keyof typeof KEY_FIELDS_ON_UPDATE | keyof typeof KEPT_USER_FIELDS>;

async function userColumns(input: UserFields) {
  const columns: Record<string, unknown> = { ...budgetColumns(input) };
  given(columns, 'spend', input.spend);
  given(columns, 'email', input.user_email);
  given(columns, 'alias', input.user_alias);
  given(columns, 'role', input.user_role);
  given(columns, 'models', input.models);
  given(columns, 'metadata', input.metadata);
  if (input.password !== undefined) columns.passwordHash = await hashPassword(input.password);
  return columns;
}

async function loadUser(deps: ManagementDeps, id: string): Promise<UserRecord> {
  const user = await findUserById(deps.db, id);
  if (!user) throw new HttpError(404, 'No such user', { code: 'user_not_found' });
  return user;
}

export function mountUserRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/user/new'],
    summary: 'Create a user (and, unless auto_create_key is false, a key for them)',
    body: newUserSchema,
    async handler({ caller, body: { user_id, teams = [], auto_create_key, key_alias, duration, team_id, aliases, blocked, ...request } }) {
      authorize(caller, 'user:create');
      const fields = withoutKept(request, KEPT_USER_FIELDS);
      fields.metadata = metadataWithKept(deps.logger, 'user', keptValues(request, KEPT_USER_FIELDS), fields.metadata);
      // LiteLLM's `team_id` makes the user a member and puts their first key in the team.
      const joins = [...teams.map((team) => (typeof team === 'string' ? { team_id: team, user_role: 'user' as const, max_budget_in_team: undefined } : team)), ...(team_id ? [{ team_id, user_role: 'user' as const, max_budget_in_team: undefined }] : [])];
      for (const join of joins) if (!(await findTeamById(db, join.team_id))) throw new HttpError(400, 'teams: one of the teams does not exist', { param: team_id && join.team_id === team_id ? 'team_id' : 'teams' });
      const columns = await userColumns(fields);
      const rawKey = auto_create_key ? generateRawKey() : undefined;
      const user = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const created = await insertUser(tx, { ...(user_id ? { id: user_id } : {}), ...columns, createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'user.new', table: 'users', objectId: created.id, after: userView(created), invalidates: { entityType: 'user', action: 'insert' } });
          for (const join of joins) {
            await addTeamMember(tx, { teamId: join.team_id, userId: created.id, role: join.user_role });
            if (join.max_budget_in_team != null) await setMemberBudget(tx, audit, caller, { teamId: join.team_id, userId: created.id }, join.max_budget_in_team);
            await audit({ action: 'team.member_add', table: 'team_memberships', objectId: join.team_id, after: { user_id: created.id, role: join.user_role }, invalidates: { entityType: 'team', action: 'update' } });
          }
          if (rawKey) {
            const key = await insertKey(tx, {
              rawKey,
              userId: created.id,
              models: created.models,
              maxBudget: created.maxBudget,
              ...(key_alias != null ? { alias: key_alias } : {}),
              ...(duration != null ? { expiresAt: expiryOf(duration) } : {}),
              ...(team_id ? { teamId: team_id } : {}),
              ...(aliases ? { aliases } : {}),
              ...(blocked !== undefined ? { blocked } : {}),
              createdBy: caller.actor,
              updatedBy: caller.actor,
            });
            await audit({ action: 'key.generate', table: 'keys', objectId: key.hash, after: keyView(key), invalidates: { entityType: 'key', action: 'insert' } });
          }
          return created;
        }),
      );
      return { ...userView(user), teams: joins.map((join) => join.team_id), ...(rawKey ? { key: rawKey } : {}) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/user/info'],
    summary: 'A user with their keys and teams; without ?user_id=, yourself',
    query: userInfoQuery,
    async handler({ caller, query }) {
      const userId = query.user_id ?? caller.user?.id;
      if (userId === undefined) throw new HttpError(400, 'Give ?user_id=', { param: 'user_id' });
      if (authorize(caller, 'user:read') === 'own' && userId !== caller.user?.id) throw forbidden('You may only read your own user');
      const user = await loadUser(deps, userId);
      const [keys, teams] = await Promise.all([listKeys(db, { userId, pageSize: 500 }), listTeamsOfUser(db, userId)]);
      return { user_id: user.id, user_info: userView(user), keys: keys.items.map(keyView), teams: await Promise.all(teams.map((membership) => teamMembershipView(db, membership))) };
    },
  });

  /** `/user/update`, and each user of LiteLLM's `/user/bulk_update`: one user changed through the same checks. */
  async function updateOneUser(caller: Caller, { user_id: givenId, current_password, ...request }: UpdateUserInput) {
    const selfService = authorize(caller, 'user:update') === 'own';
    // LiteLLM names the user by id, or by e-mail when no id is given.
    const user_id = givenId ?? (await findUserByEmail(db, request.user_email as string))?.id;
    if (selfService) {
      if (user_id === undefined || user_id !== caller.user?.id) throw forbidden('You may only update your own user');
      if (request.user_role !== undefined) throw forbidden('You may not change your own role');
      const refused = Object.entries(request).flatMap(([field, value]) => (value === undefined || SELF_SERVICE_FIELDS.has(field) ? [] : [field]));
      if (refused.length > 0) throw forbidden(`Only admins may change ${refused.join(', ')}`);
    }
    // As in LiteLLM, an admin's update of a user that does not exist yet creates it (with the weakest role
    // unless the update gives one).
    const before =
      (user_id !== undefined ? await findUserById(db, user_id) : undefined) ??
      (await translateDbErrors(() => applyChange(deps, caller, (tx, audit) => ensureImplicitUser(tx, audit, caller, givenId !== undefined ? { id: givenId } : { email: request.user_email as string }))));
    const kept = { ...keptValues(request, KEPT_USER_FIELDS), ...keptValues(request, KEY_FIELDS_ON_UPDATE) };
    const fields = withoutKept(withoutKept(request, KEPT_USER_FIELDS), KEY_FIELDS_ON_UPDATE);
    fields.metadata = metadataWithKept(deps.logger, 'user', kept, fields.metadata, before.metadata);
    // A stolen key or an unattended session must not be enough to take over the account's password.
    if (selfService && fields.password !== undefined && before.passwordHash) {
      if (current_password === undefined || !(await verifyPassword(current_password, before.passwordHash))) {
        throw forbidden('Changing your password needs your current password (current_password)');
      }
    }
    const columns = await userColumns(fields);
    const user = await translateDbErrors(() =>
      applyChange(deps, caller, async (tx, audit) => {
        const row = (await updateUser(tx, before.id, { ...columns, updatedBy: caller.actor })) as UserRecord;
        await audit({ action: 'user.update', table: 'users', objectId: before.id, before: userView(before), after: userView(row), invalidates: { entityType: 'user', action: 'update' } });
        return row;
      }),
    );
    // A new role or password ends the user's other dashboard sessions.
    if (fields.user_role !== undefined || fields.password !== undefined) await deleteSessionsOfUser(db, before.id);
    return userView(user);
  }

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/user/update'],
    summary: 'Change the fields given on a user',
    body: updateUserSchema,
    handler: ({ caller, body }) => updateOneUser(caller, body),
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/user/bulk_update'],
    summary: "Change many users (LiteLLM's users list, or all_users with user_updates), each through /user/update's checks: {results, total_requested, successful_updates, failed_updates}",
    body: bulkUpdateUsersSchema,
    async handler({ caller, body }) {
      let requests: UpdateUserInput[];
      if (body.users) requests = body.users;
      else {
        // Every user is every user an admin sees: nobody else may change users they are not.
        if (authorize(caller, 'user:update') !== 'all') throw forbidden('Only admins may update all users');
        const updates = body.user_updates ?? {};
        const everyone = await listAllUserIds(db, MAX_BULK_USERS + 1);
        if (everyone.length === 0) throw new HttpError(400, 'No users found to update', { code: 'no_users' });
        if (everyone.length > MAX_BULK_USERS) throw new HttpError(400, `Maximum ${MAX_BULK_USERS} users can be updated at once; there are more. Update them in lists of users instead.`, { code: 'too_many_users' });
        requests = everyone.map((user_id) => ({ ...updates, user_id }) as UpdateUserInput);
      }
      authorize(caller, 'user:update');
      const outcomes = await eachOnItsOwn(requests, (request) => updateOneUser(caller, request));
      const results = outcomes.map((o) => {
        const who = { user_id: o.item.user_id ?? null, user_email: o.item.user_email ?? null };
        return o.ok ? { ...who, user_id: o.value.user_id, success: true, error: null, updated_user: o.value } : { ...who, success: false, error: o.reason, updated_user: null };
      });
      const successful = outcomes.filter((o) => o.ok).length;
      return { results, total_requested: requests.length, successful_updates: successful, failed_updates: requests.length - successful };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/user/delete'],
    summary: 'Delete users; their keys are archived',
    body: deleteUsersSchema,
    async handler({ caller, body }) {
      authorize(caller, 'user:delete');
      const users = await Promise.all(body.user_ids.map((id) => loadUser(deps, id)));
      await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          for (const user of users) {
            const keys = await listKeys(tx, { userId: user.id, pageSize: 500 });
            for (const key of keys.items) {
              await archiveAndDeleteKey(tx, key.hash, { deletedBy: caller.actor });
              await audit({ action: 'key.delete', table: 'keys', objectId: key.hash, before: keyView(key), invalidates: { entityType: 'key', action: 'delete' } });
            }
            await deleteUser(tx, user.id);
            await audit({ action: 'user.delete', table: 'users', objectId: user.id, before: userView(user), invalidates: { entityType: 'user', action: 'delete' } });
          }
        }),
      );
      return { deleted_users: body.user_ids };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/user/list'],
    summary: 'Users, paginated',
    query: userListQuery,
    async handler({ caller, query }) {
      authorize(caller, 'user:list');
      const page = await listUsers(deps.reader ?? db, {
        page: query.page,
        pageSize: query.page_size,
        role: query.role,
        emailContains: query.user_email,
        ids: query.user_ids,
        teamId: query.team,
        sortBy: query.sort_by,
        sortOrder: query.sort_order,
      });
      return { users: page.items.map(userView), total: page.total, page: page.page, page_size: page.pageSize, total_pages: Math.ceil(page.total / page.pageSize) };
    },
  });
}
