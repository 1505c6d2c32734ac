import { findTeamById, listTeamMembers, lockTeam, maskCallbackSecrets, updateTeam, type TeamRecord } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { boundLoggingMetadata, loggingWriteOf } from '../permissions/logging-metadata.ts';
import { teamCallbackSchema } from '../schemas/team-schemas.ts';
import { MASKED } from '../views/model-views.ts';
import { teamView } from '../views/entity-views.ts';
import { isTeamAdmin, teamRolesOf } from './key-access.ts';
import { teamNotFound } from './load-team.ts';

type Settings = Record<string, unknown>;
const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);
const isRecord = (value: unknown): value is Settings => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Proxy admins add callbacks to any team; a team admin (`team:logging` own) to its own teams only. */
async function assertMayLog(deps: ManagementDeps, caller: Caller, teamId: string): Promise<void> {
  if (authorize(caller, 'team:logging') === 'all') return;
  if (!(await isTeamAdmin(deps.db, caller, teamId))) throw forbidden("Only the team's admins may change its logging callbacks");
}

/** LiteLLM's team form after adding one callback: named in the lists its events go to, its variables merged in. */
function withCallback(settings: unknown, added: { callback_name: string; callback_type: string; callback_vars: Record<string, string> }): Settings {
  const current = isRecord(settings) ? settings : {};
  const add = (list: unknown, wanted: boolean) => (wanted ? [...new Set([...listOf(list), added.callback_name])] : listOf(list));
  return {
    ...current,
    success_callback: add(current.success_callback, added.callback_type !== 'failure'),
    failure_callback: add(current.failure_callback, added.callback_type !== 'success'),
    callback_vars: { ...(isRecord(current.callback_vars) ? current.callback_vars : {}), ...added.callback_vars },
  };
}

/**
 * LiteLLM's `/team/{team_id}/callback`: a team's own logging callbacks (`metadata.callback_settings`), which
 * its team admins may set too, within the destination allow-list (logging-metadata.ts). Secrets are stored
 * encrypted and shown masked.
 */
export function mountTeamCallbackRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/team/:team_id/callback'],
    summary: "Add a logging callback to a team (team admins: destinations on general_settings.logging_destination_allowlist only)",
    body: teamCallbackSchema,
    async handler({ req, caller, body }) {
      const teamId = String(req.params.team_id);
      if (!(await findTeamById(deps.db, teamId))) throw teamNotFound();
      await assertMayLog(deps, caller, teamId);
      const team = await applyChange(deps, caller, async (tx, audit) => {
        // Locked and read again: the callbacks are merged into the settings this change replaces.
        const before = await lockTeam(tx, teamId);
        if (!before) throw teamNotFound();
        const metadata = boundLoggingMetadata({ ...before.metadata, callback_settings: withCallback(before.metadata.callback_settings, body) }, before.metadata, loggingWriteOf(deps, caller, 'team'));
        const row = (await updateTeam(tx, teamId, { metadata, updatedBy: caller.actor })) as TeamRecord;
        await audit({ action: 'team.callback_add', table: 'teams', objectId: teamId, before: teamView(before), after: teamView(row), invalidates: { entityType: 'team', action: 'update' } });
        return row;
      });
      return { status: 'success', data: teamView(team, await listTeamMembers(deps.db, teamId)) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/team/:team_id/callback'],
    summary: "A team's logging callbacks, secrets masked",
    async handler({ req, caller }) {
      const teamId = String(req.params.team_id);
      const team = await findTeamById(deps.db, teamId);
      if (!team) throw teamNotFound();
      if (authorize(caller, 'team:read') === 'own' && !(await teamRolesOf(deps.db, caller)).has(teamId)) throw forbidden('You are not a member of this team');
      const settings = maskCallbackSecrets(team.metadata, MASKED).callback_settings;
      const current = isRecord(settings) ? settings : {};
      return { status: 'success', data: { team_id: teamId, success_callbacks: listOf(current.success_callback), failure_callbacks: listOf(current.failure_callback), callback_vars: isRecord(current.callback_vars) ? current.callback_vars : {} } };
    },
  });
}
