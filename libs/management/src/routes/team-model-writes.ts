import { TEAM_MODEL_PREFIX, teamOwnerOf } from '@switchboard/config';
import { scopeOf } from '@switchboard/permissions';
import { HttpError } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { isTeamAdmin } from './key-access.ts';
import { loadTeam } from './load-team.ts';

/**
 * LiteLLM's team models (`/model/new` with `model_info.team_id`): a deployment only that team's keys call, by
 * the name it was given. Proxy admins write any model; a team's admins (LiteLLM >= 1.65) write their own team's
 * models, never a global one, never another team's, and never move one out of their team.
 */

/** The team a stored or submitted deployment belongs to, if it is a team model. */
export function teamOfModel(modelName: string, modelInfo: Readonly<Record<string, unknown>> | undefined): string | undefined {
  return teamOwnerOf(modelName, modelInfo)?.id;
}

/**
 * Who writes: `admin` (proxy admins, any model) or `team_admin` (every team touched is one the caller is an admin
 * of). `teams` are the teams of the model before and after the change (undefined: a global model).
 */
export async function authorizeModelWrite(deps: ManagementDeps, caller: Caller, teams: readonly (string | undefined)[]): Promise<'admin' | 'team_admin'> {
  if (scopeOf(caller.role, 'model:write') === 'all') return 'admin';
  // A global model is a proxy admin's: this throws the role's 403.
  if (teams.some((team) => team === undefined)) authorize(caller, 'model:write');
  authorize(caller, 'team:models');
  for (const team of new Set(teams)) if (!(await isTeamAdmin(deps.db, caller, team as string))) throw forbidden("Only a proxy admin or the team's admins may change a team's models");
  return 'team_admin';
}

const ENV_REFERENCE = 'os.environ/';

/** Every string in a JSON value, with its path (for the refusal's `param`). */
function* stringsOf(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* stringsOf(item, `${path}[${index}]`);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* stringsOf(item, `${path}.${key}`);
}

/**
 * What only a proxy admin may put in a deployment: `os.environ/` references (the gateway's own secrets: a team
 * admin would have them sent to an `api_base` of their choosing) and stored credentials by name.
 */
export function assertTeamAdminModel(params: Record<string, unknown>, modelInfo: Record<string, unknown>): void {
  for (const [where, section] of [['litellm_params', params], ['model_info', modelInfo]] as const) {
    for (const [path, value] of stringsOf(section, where)) {
      if (value.startsWith(ENV_REFERENCE)) throw new HttpError(403, `${path}: os.environ/ references are a proxy admin's (they read the gateway's own environment); send the value itself`, { code: 'forbidden', param: path });
    }
  }
  if ('litellm_credential_name' in params) throw new HttpError(403, "litellm_params.litellm_credential_name: stored credentials are a proxy admin's", { code: 'forbidden', param: 'litellm_params.litellm_credential_name' });
}

/**
 * The model_info stored for a deployment: a team model records its public name where LiteLLM does
 * (`team_public_model_name`), and the team must exist. A global model may not take a team model's internal name.
 */
export async function storedModelInfo(deps: ManagementDeps, modelName: string, modelInfo: Record<string, unknown>): Promise<Record<string, unknown>> {
  const team = teamOfModel(modelName, modelInfo);
  if (team === undefined) {
    if ('team_id' in modelInfo && modelInfo.team_id !== null) throw new HttpError(400, 'model_info.team_id must be a team id', { param: 'model_info.team_id' });
    if (modelName.startsWith(TEAM_MODEL_PREFIX)) throw new HttpError(400, `model_name: names starting with "${TEAM_MODEL_PREFIX}" are reserved for team models`, { param: 'model_name' });
    const { team_id: _teamId, team_public_model_name: _publicName, ...rest } = modelInfo;
    return rest;
  }
  await loadTeam(deps.db, team);
  // A row LiteLLM stored is named `model_name_<team>_<uuid>` and keeps its public name in model_info; any other
  // row's public name is its model_name (a rename renames it).
  const legacy = modelName.startsWith(TEAM_MODEL_PREFIX) && typeof modelInfo.team_public_model_name === 'string';
  const publicName = legacy ? (modelInfo.team_public_model_name as string) : modelName;
  if (publicName.includes('*')) throw new HttpError(400, 'A team model (model_info.team_id) cannot be a wildcard', { param: 'model_name' });
  if (modelInfo.access_groups !== undefined && modelInfo.access_groups !== null) throw new HttpError(400, 'A team model (model_info.team_id) cannot be in access groups', { param: 'model_info.access_groups' });
  return { ...modelInfo, team_public_model_name: publicName };
}
