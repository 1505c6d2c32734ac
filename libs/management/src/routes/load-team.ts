import { findTeamById, type Database, type TeamRecord } from '@switchboard/db';
import { HttpError } from '@switchboard/service-kit';

/** The one answer for a team id that names no team. */
export const teamNotFound = (): HttpError => new HttpError(404, 'No such team', { code: 'team_not_found' });

/** The team, or the 404 every team route answers. */
export async function loadTeam(db: Database, id: string): Promise<TeamRecord> {
  const team = await findTeamById(db, id);
  if (!team) throw teamNotFound();
  return team;
}
