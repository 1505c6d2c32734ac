import { addTeamMember, archiveAndDeleteKey, deleteTeam, findTeamById, findTeamByMetadataValue, findUserById, insertTeam, listKeys, listTeamMembers, listTeams, removeTeamMember, updateTeam, type Database, type TeamRecord } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import type { EndpointRegistry } from '../http/endpoint.ts';
import { parseInput } from '../http/validate.ts';
import { keyView, teamView } from '../views/entity-views.ts';
import { parseScimFilter } from './parse-scim-filter.ts';
import { ScimError } from './scim-error.ts';
import { mountScimEndpoint } from './scim-endpoint.ts';
import { patchScimGroup, SCIM_GROUP_EXTERNAL_ID, scimGroupResource, type ScimGroupState } from './scim-group-resource.ts';
import { scimListResponse } from './scim-list-response.ts';
import { scimGroupSchema, scimListQuery, scimPatchSchema } from './scim-schemas.ts';
import { scimWindow } from './scim-window.ts';

const GROUP_FILTERS = ['displayname', 'externalid'];

async function resourceOf(db: Database, team: TeamRecord) {
  return scimGroupResource(team, await listTeamMembers(db, team.id));
}

async function loadTeam(db: Database, id: string): Promise<TeamRecord> {
  const team = await findTeamById(db, id);
  if (!team) throw new ScimError(404, `Group ${id} not found`);
  return team;
}

/** Members must be users already (identity providers push users before the groups that hold them). */
async function assertUsersExist(db: Database, ids: Iterable<string>): Promise<void> {
  for (const id of ids) if (!(await findUserById(db, id))) throw new ScimError(400, `Member ${id} is not a user; create it through /scim/v2/Users first`, 'invalidValue');
}

/** Writes a group's new state onto its team: alias, externalId, and the member changes one by one. */
async function writeGroup(deps: ManagementDeps, caller: Caller, before: TeamRecord, current: ScimGroupState, next: ScimGroupState): Promise<TeamRecord> {
  const added = [...next.members].filter((id) => !current.members.has(id));
  const removed = [...current.members].filter((id) => !next.members.has(id));
  await assertUsersExist(deps.db, added);
  return translateDbErrors(() =>
    applyChange(deps, caller, async (tx, audit) => {
      const metadata = { ...before.metadata, [SCIM_GROUP_EXTERNAL_ID]: next.externalId ?? undefined };
      const row = (await updateTeam(tx, before.id, { alias: next.displayName, metadata, updatedBy: caller.actor })) as TeamRecord;
      await audit({ action: 'team.update', table: 'teams', objectId: before.id, before: teamView(before), after: teamView(row), invalidates: { entityType: 'team', action: 'update' } });
      for (const userId of added) {
        await addTeamMember(tx, { teamId: before.id, userId, role: 'user' });
        await audit({ action: 'team.member_add', table: 'team_memberships', objectId: before.id, after: { user_id: userId, role: 'user' }, invalidates: { entityType: 'team', action: 'update' } });
      }
      for (const userId of removed) {
        await removeTeamMember(tx, before.id, userId);
        await audit({ action: 'team.member_delete', table: 'team_memberships', objectId: before.id, before: { user_id: userId }, invalidates: { entityType: 'team', action: 'update' } });
      }
      return row;
    }),
  );
}

async function stateOf(db: Database, team: TeamRecord): Promise<ScimGroupState> {
  const externalId = team.metadata[SCIM_GROUP_EXTERNAL_ID];
  return { displayName: team.alias ?? team.id, externalId: typeof externalId === 'string' ? externalId : null, members: new Set((await listTeamMembers(db, team.id)).map((member) => member.userId)) };
}

export function mountScimGroupRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;

  mountScimEndpoint(service, deps, registry, {
    method: 'get',
    path: '/scim/v2/Groups',
    summary: 'SCIM: list groups (teams; filter displayName/externalId eq, startIndex, count)',
    async handler({ req }) {
      const query = parseInput(scimListQuery, req.query, 'query');
      const filter = parseScimFilter(query.filter, GROUP_FILTERS);
      const reader = deps.reader ?? db;
      if (filter?.attribute === 'externalid') {
        const team = await findTeamByMetadataValue(reader, SCIM_GROUP_EXTERNAL_ID, filter.value);
        const teams = team && query.startIndex === 1 && query.count > 0 ? [team] : [];
        return { resource: scimListResponse(await Promise.all(teams.map((found) => resourceOf(db, found))), team ? 1 : 0, query.startIndex) };
      }
      const alias = filter?.value;
      const { items, total } = await scimWindow((page, pageSize) => listTeams(reader, { page, pageSize, ...(alias !== undefined ? { alias } : {}) }), query.startIndex, query.count);
      return { resource: scimListResponse(await Promise.all(items.map((team) => resourceOf(db, team))), total, query.startIndex) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'post',
    path: '/scim/v2/Groups',
    summary: 'SCIM: create a group (a team whose alias is displayName)',
    body: scimGroupSchema,
    async handler({ caller, body }) {
      const members = new Set((body.members ?? []).map((member) => member.value));
      await assertUsersExist(db, members);
      const team = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const row = await insertTeam(tx, { alias: body.displayName, metadata: body.externalId ? { [SCIM_GROUP_EXTERNAL_ID]: body.externalId } : {}, createdBy: caller.actor, updatedBy: caller.actor });
          await audit({ action: 'team.new', table: 'teams', objectId: row.id, after: teamView(row), invalidates: { entityType: 'team', action: 'insert' } });
          for (const userId of members) {
            await addTeamMember(tx, { teamId: row.id, userId, role: 'user' });
            await audit({ action: 'team.member_add', table: 'team_memberships', objectId: row.id, after: { user_id: userId, role: 'user' }, invalidates: { entityType: 'team', action: 'update' } });
          }
          return row;
        }),
      );
      return { status: 201, resource: await resourceOf(db, team) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'get',
    path: '/scim/v2/Groups/:id',
    summary: 'SCIM: one group',
    async handler({ req }) {
      return { resource: await resourceOf(db, await loadTeam(db, String(req.params.id))) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'put',
    path: '/scim/v2/Groups/:id',
    summary: 'SCIM: replace a group (displayName, externalId, members)',
    body: scimGroupSchema,
    async handler({ req, caller, body }) {
      const before = await loadTeam(db, String(req.params.id));
      const next: ScimGroupState = { displayName: body.displayName, externalId: body.externalId ?? null, members: new Set((body.members ?? []).map((member) => member.value)) };
      return { resource: await resourceOf(db, await writeGroup(deps, caller, before, await stateOf(db, before), next)) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'patch',
    path: '/scim/v2/Groups/:id',
    summary: 'SCIM: PatchOp on a group (add/remove/replace members, displayName, externalId)',
    body: scimPatchSchema,
    async handler({ req, caller, body }) {
      const before = await loadTeam(db, String(req.params.id));
      const current = await stateOf(db, before);
      const { state, ignored } = patchScimGroup(current, body.Operations);
      if (ignored.length > 0) deps.logger.warn({ teamId: before.id, ignored }, 'SCIM patch: attributes Switchboard does not keep were ignored');
      return { resource: await resourceOf(db, await writeGroup(deps, caller, before, current, state)) };
    },
  });

  mountScimEndpoint(service, deps, registry, {
    method: 'delete',
    path: '/scim/v2/Groups/:id',
    summary: "SCIM: delete a group (its team; the team's keys are archived, as /team/delete does)",
    async handler({ req, caller }) {
      const team = await loadTeam(db, String(req.params.id));
      await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          for (let keys = await listKeys(tx, { teamId: team.id, pageSize: 500 }); keys.items.length > 0; keys = await listKeys(tx, { teamId: team.id, pageSize: 500 })) {
            for (const key of keys.items) {
              await archiveAndDeleteKey(tx, key.hash, { deletedBy: caller.actor });
              await audit({ action: 'key.delete', table: 'keys', objectId: key.hash, before: keyView(key), invalidates: { entityType: 'key', action: 'delete' } });
            }
          }
          await deleteTeam(tx, team.id);
          await audit({ action: 'team.delete', table: 'teams', objectId: team.id, before: teamView(team), invalidates: { entityType: 'team', action: 'delete' } });
        }),
      );
      return undefined;
    },
  });
}
