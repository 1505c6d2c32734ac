import { findTeamById, type Database } from '@switchboard/db';
import type { Caller } from '../auth/caller.ts';
import type { Ceiling } from './key-ceilings.ts';

/** The limits a non-admin's key must stay within: their user, the key they call with, the key's team. */
export async function ceilingsOf(db: Database, caller: Caller, teamId: string | null | undefined): Promise<Ceiling[]> {
  const ceilings: Ceiling[] = [];
  if (caller.user) ceilings.push({ ...caller.user, label: 'your user' });
  if (caller.key) ceilings.push({ ...caller.key, label: 'the key you called with' });
  if (teamId) {
    const team = await findTeamById(db, teamId);
    if (team) ceilings.push({ ...team, label: 'the team' });
  }
  return ceilings;
}
