/**
 * Whose counter a limit or budget is: the one format of a scope id (`key:<hash>`, `team:<id>`, ...), written
 * and read here only, so no caller splits strings to learn who a counter belongs to.
 */
export type ScopeEntity = 'key' | 'user' | 'team' | 'team_member' | 'org' | 'end_user' | 'tag';

export interface ScopeOwner {
  entity: ScopeEntity;
  /** A key's hash (never the key), a user's, team's or organization's id, a member within a team, an end user within its tenant, a tag's name. */
  id: string;
  /** A team member's counter: the team and the user apart (ids may hold the `/` its id joins them with). */
  member?: { teamId: string; userId: string };
}

const ENTITIES: ReadonlySet<string> = new Set<ScopeEntity>(['key', 'user', 'team', 'team_member', 'org', 'end_user', 'tag']);

export function scopeIdOf(owner: ScopeOwner): string {
  return `${owner.entity}:${owner.id}`;
}

/** The owner of a scope id made by `scopeIdOf` (a budget's period suffix is ignored); undefined for any other id. */
export function ownerOfScopeId(scopeId: string): ScopeOwner | undefined {
  const colon = scopeId.indexOf(':');
  const entity = scopeId.slice(0, colon);
  if (colon <= 0 || !ENTITIES.has(entity)) return undefined;
  return { entity: entity as ScopeEntity, id: scopeId.slice(colon + 1) };
}
