import { addTeamMember, archiveAndDeleteKey, deleteModelsOfTeam, listAllUserIds, deleteTeam, findBudgetById, insertTeam, listKeys, listTeamMembers, listTeams, removeTeamMember, updateTeam, updateTeamMember, type Database, type TeamFilter, type TeamRecord, type Transaction } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange, type Audit } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { boundLoggingMetadata, loggingWriteOf } from '../permissions/logging-metadata.ts';
import { KEPT_TEAM_FIELDS, keptValues, withoutKept } from '../schemas/kept-fields.ts';
import { bulkMemberAddSchema, deleteTeamsSchema, MAX_BULK_MEMBERS, memberAddSchema, memberDeleteSchema, memberUpdateSchema, newTeamSchema, teamIdSchema, teamInfoQuery, teamListQuery, teamPageQuery, updateTeamSchema, type MemberInput, type UpdateTeamInput } from '../schemas/team-schemas.ts';
import { keyView, memberBudgetView, teamMembershipRowView, teamView } from '../views/entity-views.ts';
import { ensureImplicitUser } from './implicit-user.ts';
import { metadataWithKept } from './keep-fields.ts';
import { setMemberBudget } from './member-budget.ts';
import { budgetColumns, given } from './budget-columns.ts';
import { assertMayActFor } from './acting-for-user.ts';
import { teamRolesOf } from './key-access.ts';
import { masterKeyUser } from '../auth/master-key-user.ts';
import { metadataWithGrant } from './team-model-rules.ts';
import { namedMemberUserId, notAMember } from './named-member.ts';
import { loadTeam } from './load-team.ts';

/** LiteLLM's name, in `?organization_id=`, for the teams that belong to no organization. */
const DEFAULT_ORGANIZATION = 'default_organization';

function teamColumns(input: Omit<UpdateTeamInput, 'team_id'>) {
  const columns: Record<string, unknown> = { ...budgetColumns(input) };
  given(columns, 'alias', input.team_alias);
  given(columns, 'organizationId', input.organization_id);
  given(columns, 'models', input.models);
  given(columns, 'budgetId', input.budget_id);
  given(columns, 'modelAliases', input.model_aliases);
  given(columns, 'metadata', input.metadata);
  given(columns, 'blocked', input.blocked);
  given(columns, 'memberPermissions', input.team_member_permissions);
  return columns;
}


/** The member's user id; a user named by id or e-mail who does not exist yet is created (LiteLLM does). */
async function memberUserId(tx: Transaction, audit: Audit, caller: Caller, member: { user_id?: string; user_email?: string }): Promise<string> {
  return (await ensureImplicitUser(tx, audit, caller, member.user_id !== undefined ? { id: member.user_id } : { email: member.user_email as string })).id;
}

/** The team must exist (404); then team admins manage their own team's members, proxy admins any team's (403). */
async function assertTeamManager(db: Database, caller: Caller, teamId: string): Promise<void> {
  await loadTeam(db, teamId);
  if (authorize(caller, 'team:members') === 'all') return;
  if ((await teamRolesOf(db, caller)).get(teamId) !== 'admin') throw forbidden('Only the team\'s admins may manage its members');
}

/** Adds the members (creating unknown users), each with their own budget in the team when one is given. */
async function addMembers(tx: Transaction, audit: Audit, caller: Caller, teamId: string, members: readonly MemberInput[], memberBudget?: string | null): Promise<string[]> {
  const added: string[] = [];
  for (const member of members) {
    const userId = await memberUserId(tx, audit, caller, member);
    await addTeamMember(tx, { teamId, userId, role: member.role });
    if (memberBudget != null) await setMemberBudget(tx, audit, caller, { teamId, userId }, memberBudget);
    await audit({ action: 'team.member_add', table: 'team_memberships', objectId: teamId, after: { user_id: userId, role: member.role }, invalidates: { entityType: 'team', action: 'update' } });
    added.push(userId);
  }
  return added;
}

export function mountTeamRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/new'],
    summary: 'Create a team with its members',
    body: newTeamSchema,
    async handler({ caller, body: { team_id, members_with_roles = [], ...request } }) {
      authorize(caller, 'team:create');
      // As LiteLLM: whoever creates a team is its admin (the master key's dashboard user for the master key).
      const creator = caller.user?.id ?? (caller.via === 'master_key' ? (await masterKeyUser(db)).id : undefined);
      const members = creator === undefined || members_with_roles.some((member) => member.user_id === creator) ? members_with_roles : [...members_with_roles, { role: 'admin' as const, user_id: creator }];
      const fields = withoutKept(request, KEPT_TEAM_FIELDS);
      const metadata = boundLoggingMetadata(metadataWithKept(deps.logger, 'team', keptValues(request, KEPT_TEAM_FIELDS), fields.metadata), undefined, loggingWriteOf(deps, caller, 'team'));
      fields.metadata = metadataWithGrant(metadata, fields.models, undefined);
      const { team, list } = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const created = await insertTeam(tx, { ...(team_id ? { id: team_id } : {}), ...teamColumns(fields), createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'team.new', table: 'teams', objectId: created.id, after: teamView(created), invalidates: { entityType: 'team', action: 'insert' } });
          await addMembers(tx, audit, caller, created.id, members);
          return { team: created, list: await listTeamMembers(tx, created.id) };
        }),
      );
      return teamView(team, list);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/update'],
    summary: 'Change the fields given on a team',
    body: updateTeamSchema,
    async handler({ caller, body: { team_id, ...request } }) {
      authorize(caller, 'team:update');
      const before = await loadTeam(db, team_id);
      const fields = withoutKept(request, KEPT_TEAM_FIELDS);
      const metadata = boundLoggingMetadata(metadataWithKept(deps.logger, 'team', keptValues(request, KEPT_TEAM_FIELDS), fields.metadata, before.metadata), before.metadata, loggingWriteOf(deps, caller, 'team'));
      fields.metadata = metadataWithGrant(metadata, fields.models, before.metadata);
      const team = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const row = (await updateTeam(tx, team_id, { ...teamColumns(fields), updatedBy: caller.actor })) as TeamRecord;
          await audit({ action: 'team.update', table: 'teams', objectId: team_id, before: teamView(before), after: teamView(row), invalidates: { entityType: 'team', action: 'update' } });
          return row;
        }),
      );
      // LiteLLM answers `{team_id, data: <team>}`; the team's fields stay at the top level too.
      const view = teamView(team, await listTeamMembers(db, team_id));
      return { ...view, data: view };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/delete'],
    summary: "Delete teams; their keys are archived",
    body: deleteTeamsSchema,
    async handler({ caller, body }) {
      authorize(caller, 'team:delete');
      const teams = await Promise.all(body.team_ids.map((id) => loadTeam(db, id)));
      await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          for (const team of teams) {
            for (const key of (await listKeys(tx, { teamId: team.id, pageSize: 500 })).items) {
              await archiveAndDeleteKey(tx, key.hash, { deletedBy: caller.actor });
              await audit({ action: 'key.delete', table: 'keys', objectId: key.hash, before: keyView(key), invalidates: { entityType: 'key', action: 'delete' } });
            }
            // Its own models go with it: a team made later under the same id must not inherit them (or their credentials).
            for (const id of await deleteModelsOfTeam(tx, team.id)) await audit({ action: 'model.delete', table: 'models', objectId: id, invalidates: { entityType: 'model', action: 'delete' } });
            await deleteTeam(tx, team.id);
            await audit({ action: 'team.delete', table: 'teams', objectId: team.id, before: teamView(team), invalidates: { entityType: 'team', action: 'delete' } });
          }
        }),
      );
      return { deleted_teams: body.team_ids };
    },
  });

  for (const blocked of [true, false]) {
    mountEndpoint(service, deps, registry, {
      method: 'post',
      paths: [blocked ? '/team/block' : '/team/unblock'],
      summary: blocked ? "Block a team: all its keys stop working" : 'Unblock a team',
      body: teamIdSchema,
      async handler({ caller, body }) {
        authorize(caller, 'team:block');
        const before = await loadTeam(db, body.team_id);
        const team = await applyChange(deps, caller, async (tx, audit) => {
          const row = (await updateTeam(tx, body.team_id, { blocked, updatedBy: caller.actor })) as TeamRecord;
          await audit({ action: blocked ? 'team.block' : 'team.unblock', table: 'teams', objectId: body.team_id, before: teamView(before), after: teamView(row), invalidates: { entityType: 'team', action: 'update' } });
          return row;
        });
        return teamView(team);
      },
    });
  }

  /** `/team/member_add`, and LiteLLM's `/team/bulk_member_add`: members added in one change, all or none. */
  async function addMembersToTeam(caller: Caller, teamId: string, given: readonly MemberInput[], maxBudgetInTeam: string | null | undefined) {
    if (maxBudgetInTeam != null && authorize(caller, 'team:update') !== 'all') throw forbidden('Only admins may set max_budget_in_team');
    await translateDbErrors(() =>
      applyChange(deps, caller, async (tx, audit) => {
        const added = await addMembers(tx, audit, caller, teamId, given, maxBudgetInTeam);
        // A team admin may not pull in a user whose role is above theirs: keys for members carry the member's identity.
        if (authorize(caller, 'team:members') === 'own') for (const userId of added) await assertMayActFor(tx, caller, userId, 'add to a team');
      }),
    );
    return teamView(await loadTeam(db, teamId), await listTeamMembers(db, teamId));
  }

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/member_add'],
    summary: 'Add members (or change their role)',
    body: memberAddSchema,
    async handler({ caller, body }) {
      await assertTeamManager(db, caller, body.team_id);
      return addMembersToTeam(caller, body.team_id, Array.isArray(body.member) ? body.member : [body.member], body.max_budget_in_team);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/bulk_member_add'],
    summary: "Add many members (LiteLLM's members list, or all_users) through /team/member_add's checks, all or none: {team_id, results, total_requested, successful_additions, failed_additions, updated_team}",
    body: bulkMemberAddSchema,
    async handler({ caller, body }) {
      await assertTeamManager(db, caller, body.team_id);
      let members: MemberInput[] = body.members ?? [];
      if (body.all_users === true) {
        // Every user of the proxy is for an admin to name: a team admin would learn who they all are.
        if (authorize(caller, 'user:list') !== 'all') throw forbidden('Only admins may add all users to a team');
        members = (await listAllUserIds(db, MAX_BULK_MEMBERS + 1)).map((user_id) => ({ user_id, role: 'user' }));
      }
      if (members.length === 0) throw new HttpError(400, 'At least one member is required', { param: 'members', code: 'members_required' });
      if (members.length > MAX_BULK_MEMBERS) throw new HttpError(400, `Maximum ${MAX_BULK_MEMBERS} members can be added at once`, { param: 'members', code: 'too_many_members' });
      const asked = (member: MemberInput) => ({ user_id: member.user_id ?? null, user_email: member.user_email ?? null });
      // As in LiteLLM, the members go in as one change: a refusal of one is a refusal of all, reported per member.
      // Authorization failures are not results: they are refusals of the call.
      let updated;
      try {
        updated = await addMembersToTeam(caller, body.team_id, members, body.max_budget_in_team);
      } catch (error) {
        if (!(error instanceof HttpError) || error.status === 401 || error.status === 403) throw error;
        const results = members.map((member) => ({ ...asked(member), success: false, error: error.message }));
        return { team_id: body.team_id, results, total_requested: members.length, successful_additions: 0, failed_additions: members.length, updated_team: null };
      }
      const inTeam = updated.members_with_roles;
      const results = members.map((member) => {
        const row = inTeam.find((m) => (member.user_id !== undefined ? m.user_id === member.user_id : m.user_email === member.user_email));
        return { ...asked(member), user_id: row?.user_id ?? member.user_id ?? null, success: true, error: null };
      });
      return { team_id: body.team_id, results, total_requested: members.length, successful_additions: members.length, failed_additions: 0, updated_team: updated };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/member_delete'],
    summary: 'Remove a member',
    body: memberDeleteSchema,
    async handler({ caller, body }) {
      await assertTeamManager(db, caller, body.team_id);
      const userId = await namedMemberUserId(db, 'team', body);
      await applyChange(deps, caller, async (tx, audit) => {
        if (!(await removeTeamMember(tx, body.team_id, userId))) throw notAMember('team');
        await audit({ action: 'team.member_delete', table: 'team_memberships', objectId: body.team_id, before: { user_id: userId }, invalidates: { entityType: 'team', action: 'update' } });
      });
      return teamView(await loadTeam(db, body.team_id), await listTeamMembers(db, body.team_id));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/member_update'],
    summary: "Change a member's role or their own budget in the team",
    body: memberUpdateSchema,
    async handler({ caller, body }) {
      await assertTeamManager(db, caller, body.team_id);
      const userId = await namedMemberUserId(db, 'team', body);
      const wantsBudget = body.max_budget_in_team !== undefined || body.tpm_limit !== undefined || body.rpm_limit !== undefined;
      if (wantsBudget && authorize(caller, 'team:update') !== 'all') throw forbidden("Only admins may set a member's budget or limits");
      if (body.role !== undefined && authorize(caller, 'team:members') === 'own') await assertMayActFor(db, caller, userId, 'change the team role of');
      const member = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          if (!(await listTeamMembers(tx, body.team_id)).some((row) => row.userId === userId)) throw notAMember('team');
          if (body.role !== undefined) await updateTeamMember(tx, body.team_id, userId, { role: body.role });
          if (wantsBudget) await setMemberBudget(tx, audit, caller, { teamId: body.team_id, userId }, body.max_budget_in_team, { tpm_limit: body.tpm_limit, rpm_limit: body.rpm_limit });
          await audit({ action: 'team.member_update', table: 'team_memberships', objectId: body.team_id, after: { user_id: userId, role: body.role ?? null, max_budget_in_team: body.max_budget_in_team ?? null }, invalidates: { entityType: 'team', action: 'update' } });
          return (await listTeamMembers(tx, body.team_id)).find((row) => row.userId === userId);
        }),
      );
      const budget = await findBudgetById(db, member?.budgetId);
      return { team_id: body.team_id, user_id: userId, user_email: member?.userEmail ?? null, role: member?.role, max_budget_in_team: budget?.maxBudget === undefined || budget.maxBudget === null ? null : Number(budget.maxBudget), budget_id: member?.budgetId ?? null, litellm_budget_table: memberBudgetView(budget) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/team/info'],
    summary: 'A team with its members and keys',
    query: teamInfoQuery,
    async handler({ caller, query }) {
      if (authorize(caller, 'team:read') === 'own' && !(await teamRolesOf(db, caller)).has(query.team_id)) throw forbidden('You may only read teams you belong to');
      const team = await loadTeam(db, query.team_id);
      const [members, keys] = await Promise.all([listTeamMembers(db, team.id), listKeys(db, { teamId: team.id, pageSize: 500 })]);
      const teamMemberships = await Promise.all(members.map(async (member) => teamMembershipRowView(member, await findBudgetById(db, member.budgetId))));
      return { team_id: team.id, team_info: teamView(team, members), keys: keys.items.map(keyView), team_memberships: teamMemberships };
    },
  });

  /** The teams a list may show the caller: all for admins, else the caller's own (asking for another user's is refused). */
  async function listedTeams(caller: Caller, query: { user_id?: string; organization_id?: string }, page: Omit<TeamFilter, 'memberUserId' | 'organizationId'>) {
    let memberUserId = query.user_id;
    if (authorize(caller, 'team:read') === 'own') {
      if (memberUserId !== undefined && memberUserId !== caller.user?.id) throw forbidden("You may not list another user's teams");
      // A key without a user belongs only to its own team, if any.
      if (!caller.user) return caller.key?.teamId ? { items: [await loadTeam(db, caller.key.teamId)], total: 1, page: 1, pageSize: 1 } : { items: [], total: 0, page: 1, pageSize: page.pageSize ?? 10 };
      memberUserId = caller.user.id;
    }
    const organizationId = query.organization_id === DEFAULT_ORGANIZATION ? null : query.organization_id;
    return listTeams(deps.reader ?? db, { ...page, memberUserId, organizationId });
  }

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/team/list'],
    summary: "Every team as a list, by alias (LiteLLM's shape): yours only unless you are an admin; ?user_id= a user's, ?organization_id=default_organization those in none",
    query: teamListQuery,
    async handler({ caller, query }) {
      const teams: TeamRecord[] = [];
      for (let page = 1; ; page++) {
        const found = await listedTeams(caller, query, { page, pageSize: 500, sortBy: 'team_alias' });
        teams.push(...found.items);
        if (found.items.length < 500) break;
      }
      // The team's keys, as LiteLLM lists them, only to those who may list them (admins, the team's admins).
      const roles = authorize(caller, 'team:read') === 'all' ? undefined : await teamRolesOf(db, caller);
      const mayListKeys = (teamId: string) => roles === undefined || roles.get(teamId) === 'admin';
      return Promise.all(
        teams.map(async (team) => {
          const members = await listTeamMembers(db, team.id);
          return { ...teamView(team, members), ...(mayListKeys(team.id) ? { keys: (await listKeys(db, { teamId: team.id, pageSize: 500 })).items.map(keyView) } : {}) };
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/v2/team/list'],
    summary: 'Teams, a page at a time (yours only, unless you are an admin)',
    query: teamPageQuery,
    async handler({ caller, query }) {
      const page = await listedTeams(caller, query, { page: query.page, pageSize: query.page_size, alias: query.team_alias, id: query.team_id, sortBy: query.sort_by, sortOrder: query.sort_order });
      return { teams: page.items.map((team) => teamView(team)), total: page.total, page: page.page, page_size: page.pageSize, total_pages: Math.ceil(page.total / page.pageSize) };
    },
  });
}
