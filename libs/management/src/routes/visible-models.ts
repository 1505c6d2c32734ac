import { findTeamById, type Database } from '@switchboard/db';
import { globMatches, modelAllowed, modelRestriction, scopeOf } from '@switchboard/permissions';
import type { Caller } from '../auth/caller.ts';
import { teamRolesOf } from './key-access.ts';

/**
 * The `models` lists that bound what the caller may call, as the gateway applies them: the key's, then its
 * team's (or, for a key without a team, its user's); a dashboard login, its user's. Undefined for those
 * who see every deployment (roles that read all spend and keys: admins and admin viewers).
 */
export async function modelLevelsOf(db: Database, caller: Caller): Promise<string[][] | undefined> {
  if (scopeOf(caller.role, 'spend:global') === 'all') return undefined;
  const levels: string[][] = [];
  if (caller.key) {
    levels.push(caller.key.models);
    const team = caller.key.teamId ? await findTeamById(db, caller.key.teamId) : undefined;
    if (team) levels.push(team.models);
    else if (caller.user) levels.push(caller.user.models);
  } else if (caller.user) levels.push(caller.user.models);
  return levels;
}

/**
 * Whether a model name is one the caller may call (LiteLLM's `/model/info` shows those only); `accessGroups`
 * are the access groups it is in. A wildcard deployment (`anthropic/*`) shows when every level allows some
 * name it serves: the wildcard itself, one of its groups, or a name it matches (`anthropic/claude-3-5-haiku`)
 * that no deployment of its own answers (`exactNames`: such a name is served by that deployment, as LiteLLM's
 * `/model/info` lists only it for a key limited to it).
 */
export function modelVisible(levels: string[][] | undefined, modelName: string, accessGroups: readonly string[] = [], exactNames: ReadonlySet<string> = new Set()): boolean {
  if (levels === undefined || modelAllowed(levels, modelName, accessGroups)) return true;
  if (!modelName.includes('*')) return false;
  return levels.every((list) => {
    const allowed = modelRestriction(list);
    return allowed === undefined || allowed.some((entry) => (globMatches(modelName, entry) && !exactNames.has(entry)) || accessGroups.includes(entry) || (entry.endsWith('/*') && modelName.startsWith(entry.slice(0, -1))));
  });
}

/**
 * The teams whose own models (LiteLLM's team models) the caller sees: undefined for those who see every
 * deployment; else the key's team and the teams the caller's user is a member of.
 */
export async function teamsSeenBy(db: Database, caller: Caller): Promise<ReadonlySet<string> | undefined> {
  if (scopeOf(caller.role, 'spend:global') === 'all') return undefined;
  const teams = new Set((await teamRolesOf(db, caller)).keys());
  if (caller.key?.teamId) teams.add(caller.key.teamId);
  return teams;
}
