/**
 * What a `models` list means, on keys, users, teams and organizations alike (LiteLLM's meaning):
 * - empty: no restriction at this level; the key inherits its parent's (key → team, or user for a key
 *   without a team → organization);
 * - `all-proxy-models` (or `*`): no restriction at this level either, said explicitly;
 * - `all-team-models` on a key: whatever its team allows;
 * - `no-default-models` on a user: its keys without a team may call no model (only team keys can);
 * - a name with `*` (`provider/*`, `bedrock/anthropic.*`): every model group whose name it fits, `*` standing for
 *   any run of characters;
 * - a model access group (`model_info.access_groups` on deployments): every model group in it;
 * - anything else: a model group by name.
 *
 * Which access groups a model belongs to comes from the deployments (the gateway's router, the backend's
 * model list); the functions here take it as an argument so the hot path passes a precomputed array.
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

/** Access groups → the model groups (or `*` patterns such as `provider/*`) each one holds. */
export type AccessGroups = ReadonlyMap<string, readonly string[]>;

const NO_GROUPS: readonly string[] = [];

/**
 * Whether a model name fits a pattern whose `*` stands for any run of characters, every other character for
 * itself (LiteLLM's key model patterns: `bedrock/*`, `bedrock/anthropic.*`, `openai/gpt-4o*`). No regular
 * expression: a `.` is a dot, and a list is checked on every call.
 */
export function globMatches(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const end = name.length - last.length;
  if (end < first.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const found = name.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * Whether a list entry reaches a name. A requested pattern reaches only what a ceiling's pattern does too when,
 * read as a plain name, it fits that pattern: each of its `*` then falls inside one of the ceiling's.
 */
function nameAllows(name: string, model: string): boolean {
  return name === model || (name.includes('*') && globMatches(name, model));
}

function entryAllows(name: string, model: string, groupsOfModel: readonly string[]): boolean {
  return nameAllows(name, model) || (groupsOfModel.length > 0 && groupsOfModel.includes(name));
}

/** Whether one level's list lets a model group through; `groupsOfModel` are the access groups it is in. */
export function listAllowsModel(list: readonly string[], model: string, groupsOfModel: readonly string[] = NO_GROUPS): boolean {
  const allowed = modelRestriction(list);
  return allowed === undefined || allowed.some((name) => entryAllows(name, model, groupsOfModel));
}

/** Whether every level allows the model group: the effective ceiling is the intersection of the levels. */
export function modelAllowed(levels: readonly (readonly string[])[], model: string, groupsOfModel: readonly string[] = NO_GROUPS): boolean {
  return levels.every((list) => listAllowsModel(list, model, groupsOfModel));
}

/** The access groups that hold a model group (directly, or through a `provider/*` member). */
export function accessGroupsOf(accessGroups: AccessGroups, model: string): string[] {
  const found: string[] = [];
  for (const [group, members] of accessGroups) if (members.some((member) => nameAllows(member, model))) found.push(group);
  return found;
}

/** Whether a ceiling's entries reach one name the requested list names (a model group or `provider/*`). */
function nameWithin(name: string, bound: readonly string[], accessGroups: AccessGroups): boolean {
  if (bound.some((limit) => nameAllows(limit, name))) return true;
  // A ceiling entry that is an access group reaches its members (and what their wildcards cover).
  return bound.some((limit) => accessGroups.get(limit)?.some((member) => nameAllows(member, name)) ?? false);
}

/**
 * Whether a requested list grants nothing beyond a ceiling's list: every name it may reach is allowed by the
 * ceiling. A list that does not restrict (empty, `all-team-models`, ...) is within only a ceiling that does not
 * restrict either, or the key's own team (`ceilingIsTeam`): the team is the key's parent, checked at every call.
 * An access group is within a ceiling that names it, or whose entries reach every model group in it; a model
 * group is within a ceiling that names an access group holding it.
 */
export function modelsWithin(requested: readonly string[], ceiling: readonly string[], { ceilingIsTeam = false, accessGroups = new Map() as AccessGroups } = {}): boolean {
  const bound = modelRestriction(ceiling);
  if (bound === undefined) return true;
  const asked = modelRestriction(requested);
  if (asked === undefined) return ceilingIsTeam;
  return asked.every((name) => {
    if (bound.includes(name) || nameWithin(name, bound, accessGroups)) return true;
    const members = accessGroups.get(name);
    return members !== undefined && members.length > 0 && members.every((member) => nameWithin(member, bound, accessGroups));
  });
}
