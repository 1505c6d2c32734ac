import { addTeamMember, archiveAndDeleteKey, deleteTeam, findTeamById, findUserByEmail, findUserById, insertTeam, listKeys, listTeamMembers, listTeams, listTeamsOfUser, removeTeamMember, updateTeam, type Database, type TeamRecord, type Transaction } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange, type Audit } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { deleteTeamsSchema, memberAddSchema, memberDeleteSchema, newTeamSchema, teamIdSchema, teamInfoQuery, teamListQuery, updateTeamSchema, type MemberInput, type UpdateTeamInput } from '../schemas/team-schemas.ts';
import { keyView, teamView } from '../views/entity-views.ts';
import { budgetColumns, given } from './budget-columns.ts';
import { assertMayActFor } from './acting-for-user.ts';
import { teamRolesOf } from './key-access.ts';

function teamColumns(input: Omit<UpdateTeamInput, 'team_id'>) {
  const columns: Record<string, unknown> = { ...budgetColumns(input) };
  given(columns, 'alias', input.team_alias);
  given(columns, 'organizationId', input.organization_id);
  given(columns, 'models', input.models);
  given(columns, 'budgetId', input.budget_id);
  given(columns, 'modelAliases', input.model_aliases);
  given(columns, 'metadata', input.metadata);
  given(columns, 'blocked', input.blocked);
  return columns;
}

async function loadTeam(db: Database, id: string): Promise<TeamRecord> {
  const team = await findTeamById(db, id);
  if (!team) throw new HttpError(404, 'No such team', { code: 'team_not_found' });
  return team;
}

async function memberUserId(db: Database, member: { user_id?: string; user_email?: string }): Promise<string> {
  const user = member.user_id !== undefined ? await findUserById(db, member.user_id) : await findUserByEmail(db, member.user_email as string);
  if (!user) throw new HttpError(400, 'A member names a user that does not exist', { param: 'members_with_roles' });
  return user.id;
}

/** Team admins manage their own team's members; proxy admins any team's. */
async function assertTeamManager(db: Database, caller: Caller, teamId: string): Promise<void> {
  if (authorize(caller, 'team:members') === 'all') return;
  if ((await teamRolesOf(db, caller)).get(teamId) !== 'admin') throw forbidden('Only the team\'s admins may manage its members');
}

async function addMembers(tx: Transaction, audit: Audit, teamId: string, members: ReadonlyArray<MemberInput & { userId: string }>): Promise<void> {
  for (const member of members) {
    await addTeamMember(tx, { teamId, userId: member.userId, role: member.role });
    await audit({ action: 'team.member_add', table: 'team_memberships', objectId: teamId, after: { user_id: member.userId, role: member.role }, invalidates: { entityType: 'team', action: 'update' } });
  }
}

export function mountTeamRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/new'],
    summary: 'Create a team with its members',
    body: newTeamSchema,
    async handler({ caller, body: { team_id, members_with_roles = [], ...fields } }) {
      authorize(caller, 'team:create');
      const members = await Promise.all(members_with_roles.map(async (member) => ({ ...member, userId: await memberUserId(db, member) })));
      const { team, list } = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const created = await insertTeam(tx, { ...(team_id ? { id: team_id } : {}), ...teamColumns(fields), createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'team.new', table: 'teams', objectId: created.id, after: teamView(created), invalidates: { entityType: 'team', action: 'insert' } });
          await addMembers(tx, audit, created.id, members);
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
    async handler({ caller, body: { team_id, ...fields } }) {
      authorize(caller, 'team:update');
      const before = await loadTeam(db, team_id);
      const team = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const row = (await updateTeam(tx, team_id, { ...teamColumns(fields), updatedBy: caller.actor })) as TeamRecord;
          await audit({ action: 'team.update', table: 'teams', objectId: team_id, before: teamView(before), after: teamView(row), invalidates: { entityType: 'team', action: 'update' } });
          return row;
        }),
      );
      return teamView(team, await listTeamMembers(db, team_id));
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

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/member_add'],
    summary: 'Add members (or change their role)',
    body: memberAddSchema,
    async handler({ caller, body }) {
      await loadTeam(db, body.team_id);
      await assertTeamManager(db, caller, body.team_id);
      const given = Array.isArray(body.member) ? body.member : [body.member];
      const members = await Promise.all(given.map(async (member) => ({ ...member, userId: await memberUserId(db, member) })));
      // A team admin may not pull in a user whose role is above theirs: keys for members carry the member's identity.
      if (authorize(caller, 'team:members') === 'own') for (const member of members) await assertMayActFor(db, caller, member.userId, 'add to a team');
      await applyChange(deps, caller, (tx, audit) => addMembers(tx, audit, body.team_id, members));
      return teamView(await loadTeam(db, body.team_id), await listTeamMembers(db, body.team_id));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/member_delete'],
    summary: 'Remove a member',
    body: memberDeleteSchema,
    async handler({ caller, body }) {
      await loadTeam(db, body.team_id);
      await assertTeamManager(db, caller, body.team_id);
      const userId = await memberUserId(db, body);
      await applyChange(deps, caller, async (tx, audit) => {
        if (!(await removeTeamMember(tx, body.team_id, userId))) throw new HttpError(404, 'That user is not a member of the team');
        await audit({ action: 'team.member_delete', table: 'team_memberships', objectId: body.team_id, before: { user_id: userId }, invalidates: { entityType: 'team', action: 'update' } });
      });
      return teamView(await loadTeam(db, body.team_id), await listTeamMembers(db, body.team_id));
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
      return { team_id: team.id, team_info: teamView(team, members), keys: keys.items.map(keyView) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/team/list'],
    summary: 'Teams, paginated (yours only, unless you are an admin)',
    query: teamListQuery,
    async handler({ caller, query }) {
      if (authorize(caller, 'team:read') === 'own') {
        const memberships = await listTeamsOfUser(db, caller.user!.id);
        const teams = await Promise.all(memberships.map((membership) => loadTeam(db, membership.teamId)));
        return { teams: teams.map((team) => teamView(team)), total: teams.length, page: 1, page_size: teams.length };
      }
      const page = await listTeams(deps.reader ?? db, { page: query.page, pageSize: query.size, organizationId: query.organization_id, alias: query.team_alias });
      return { teams: page.items.map((team) => teamView(team)), total: page.total, page: page.page, page_size: page.pageSize };
    },
  });
}
