import { ALL_PROXY_MODELS, ALL_TEAM_MODELS, modelRestriction, modelsWithin, type AccessGroups } from '@switchboard/permissions';
import { forbidden } from '../permissions/authorize.ts';

type Metadata = Record<string, unknown>;

/**
 * Team metadata key holding the team's models as a proxy admin last wrote them (`/team/new`, `/team/update`
 * with `models`, and a proxy admin's `/team/model/add` or `/team/model/delete`). A team admin may add back
 * anything in it. Privileged metadata, so nobody but an admin writes it.
 */
export const ADMIN_MODELS_KEY = 'admin_models';

/** The names that lift a list's restriction: a team admin adding one would widen the team to every model. */
const UNRESTRICTING = new Set(['*', ALL_PROXY_MODELS, ALL_TEAM_MODELS]);

/** The admin's grant stored on a team, or undefined when no proxy admin has written the team's models yet. */
export function adminGrantOf(metadata: Metadata | null | undefined): string[] | undefined {
  const grant = metadata?.[ADMIN_MODELS_KEY];
  return Array.isArray(grant) && grant.every((name) => typeof name === 'string') ? grant : undefined;
}

/** The team's metadata after a proxy admin wrote its models: the grant follows the list they left. */
export function withAdminGrant(metadata: Metadata | null | undefined, models: readonly string[]): Metadata {
  return { ...(metadata ?? {}), [ADMIN_MODELS_KEY]: [...models] };
}

/** The team's list with `added` appended (names already on it are not repeated, in the order given). */
export function modelsAfterAdd(current: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...current, ...added])];
}

/** The team's list without `removed`; names that are not on it are a 404 for the caller to answer. */
export function modelsAfterRemove(current: readonly string[], removed: readonly string[]): { models: string[]; missing: string[] } {
  return { models: current.filter((name) => !removed.includes(name)), missing: removed.filter((name) => !current.includes(name)) };
}

export interface TeamModelBounds {
  /** The team's organization's `models`, or undefined for a team without one. */
  organizationModels: readonly string[] | undefined;
  /** `metadata.admin_models`, or undefined when no admin has granted a list. */
  adminGrant: readonly string[] | undefined;
  accessGroups: AccessGroups;
}

/**
 * A team admin may add a name only when it stays within what was already granted: the organization's list
 * (when it restricts at all: an unrestricted organization would let the team reach every model) or the
 * list a proxy admin last gave the team. Access groups and `provider/*` names count on both sides, as in
 * key ceilings. Names that lift the restriction are never a team admin's to add.
 */
export function assertTeamAdminMayAdd(current: readonly string[], added: readonly string[], bounds: TeamModelBounds): void {
  const lifting = added.filter((name) => UNRESTRICTING.has(name));
  if (lifting.length > 0) throw forbidden(`Only admins may add ${lifting.join(', ')} to a team: it allows every model`);
  const organization = bounds.organizationModels !== undefined && modelRestriction(bounds.organizationModels) !== undefined ? bounds.organizationModels : undefined;
  const beyond = added.filter(
    (name) =>
      !current.includes(name) &&
      !(organization !== undefined && modelsWithin([name], organization, { accessGroups: bounds.accessGroups })) &&
      !(bounds.adminGrant !== undefined && modelsWithin([name], bounds.adminGrant, { accessGroups: bounds.accessGroups })),
  );
  if (beyond.length > 0) throw forbidden(`A team admin may add only models the team's organization allows or an admin granted the team; not allowed: ${beyond.join(', ')}`);
}

/** A team admin may narrow the team's list, never lift it: an empty list (or one left with only `all-*`) allows every model. */
export function assertTeamAdminMayRemove(current: readonly string[], after: readonly string[]): void {
  if (modelRestriction(current) !== undefined && modelRestriction(after) === undefined) {
    throw forbidden("A team admin may not remove a team's last model: an empty list allows every model");
  }
}

/**
 * The metadata `/team/new` and `/team/update` store (both admin-only): the models they set become the grant;
 * metadata replaced without `admin_models` keeps the stored grant; an `admin_models` the admin sends wins.
 */
export function metadataWithGrant(requested: Metadata | undefined, models: readonly string[] | undefined, stored: Metadata | undefined): Metadata | undefined {
  if (requested !== undefined && ADMIN_MODELS_KEY in requested) return requested;
  if (models !== undefined) return withAdminGrant(requested ?? stored, models);
  if (requested === undefined || stored?.[ADMIN_MODELS_KEY] === undefined) return requested;
  return { ...requested, [ADMIN_MODELS_KEY]: stored[ADMIN_MODELS_KEY] };
}
