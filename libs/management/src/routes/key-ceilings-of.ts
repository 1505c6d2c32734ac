import { findTeamById, type Database } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import type { Ceiling } from './key-ceilings.ts';

/**
 * The one place that says what bounds a non-admin's key: their user, the key they call with (or, for a
 * dashboard session, the default routes, which exclude passthrough), and the key's team.
 */
export async function ceilingsOf(db: Database, caller: Caller, teamId: string | null | undefined): Promise<Ceiling[]> {
  const ceilings: Ceiling[] = [];
  if (caller.user) ceilings.push({ ...caller.user, label: 'your user' });
  if (caller.key) ceilings.push({ ...caller.key, label: 'the key you called with' });
  else ceilings.push({ label: 'your login', models: [], maxBudget: null, rpmLimit: null, tpmLimit: null, maxParallelRequests: null, allowedRoutes: [] });
  if (teamId) {
    const team = await findTeamById(db, teamId);
    if (team) ceilings.push({ ...team, label: 'the team', isTeam: true });
  }
  return ceilings;
}
