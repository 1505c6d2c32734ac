import { findTeamById, type Database } from '@switchboard/db';
import { modelAllowed, scopeOf } from '@switchboard/permissions';
import type { Caller } from '../auth/caller.ts';

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

/** Whether a model group is one the caller may call (LiteLLM's `/model/info` shows those only). */
export function modelVisible(levels: string[][] | undefined, modelName: string): boolean {
  return levels === undefined || modelAllowed(levels, modelName);
}
