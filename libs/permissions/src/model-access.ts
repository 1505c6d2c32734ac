/**
 * What a `models` list means, on keys, users, teams and organizations alike (LiteLLM's meaning):
 * - empty: no restriction at this level; the key inherits its parent's (key → team, or user for a key
 *   without a team → organization);
 * - `all-proxy-models` (or `*`): no restriction at this level either, said explicitly;
 * - `all-team-models` on a key: whatever its team allows;
 * - `no-default-models` on a user: its keys without a team may call no model (only team keys can);
 * - `provider/*`: every model group whose name starts with `provider/`;
 * - anything else: a model group by name.
 */
export const ALL_PROXY_MODELS = 'all-proxy-models';
export const ALL_TEAM_MODELS = 'all-team-models';
export const NO_DEFAULT_MODELS = 'no-default-models';

const UNRESTRICTED = new Set(['*', ALL_PROXY_MODELS, ALL_TEAM_MODELS]);

/** The names one level allows, or undefined when the level does not restrict. */
export function modelRestriction(list: readonly string[]): readonly string[] | undefined {
  if (list.length === 0 || list.some((name) => UNRESTRICTED.has(name))) return undefined;
  return list.filter((name) => name !== NO_DEFAULT_MODELS);
}

function nameAllows(name: string, model: string): boolean {
  return name === model || (name.endsWith('/*') && model.startsWith(name.slice(0, -1)));
}

/** Whether one level's list lets a model group through. */
export function listAllowsModel(list: readonly string[], model: string): boolean {
  const allowed = modelRestriction(list);
  return allowed === undefined || allowed.some((name) => nameAllows(name, model));
}

/** Whether every level allows the model group: the effective ceiling is the intersection of the levels. */
export function modelAllowed(levels: readonly (readonly string[])[], model: string): boolean {
  return levels.every((list) => listAllowsModel(list, model));
}

/**
 * Whether a requested list grants nothing beyond a ceiling's list: every name it may reach is allowed by the
 * ceiling. A list that does not restrict (empty, `all-team-models`, ...) is within only a ceiling that does not
 * restrict either, or the key's own team (`ceilingIsTeam`): the team is the key's parent, checked at every call.
 */
export function modelsWithin(requested: readonly string[], ceiling: readonly string[], { ceilingIsTeam = false } = {}): boolean {
  const bound = modelRestriction(ceiling);
  if (bound === undefined) return true;
  const asked = modelRestriction(requested);
  if (asked === undefined) return ceilingIsTeam;
  return asked.every((name) => bound.some((limit) => limit === name || (limit.endsWith('/*') && name.startsWith(limit.slice(0, -1)))));
}
