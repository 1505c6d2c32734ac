import { compareDecimals, type KeyRecord, type TeamRecord, type UserRecord } from '@switchboard/db';
import { entryWithin, modelRestriction, modelsWithin, type AccessGroups } from '@switchboard/permissions';
import { forbidden } from '../permissions/authorize.ts';

/** What a new or changed key asks for, in column form. */
export interface KeyStrength {
  models?: string[];
  maxBudget?: string | null;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
  maxParallelRequests?: number | null;
  allowedRoutes?: string[];
  expiresAt?: Date | null;
}

/**
 * One bound on what a non-admin may put on a key: their user, the key they call with, the key's team. Only a
 * bound that carries `allowedRoutes` bounds routes: a key's list (empty = the default routes), or the default
 * for a caller without a key, so passthrough is never granted by a bound that does not name it.
 */
export type Ceiling = {
  label: string;
  allowedRoutes?: string[];
  expiresAt?: Date | null;
  /** The team's own list: the team is the key's parent, so `all-team-models` stays within it. */
  isTeam?: boolean;
} & Pick<UserRecord | KeyRecord | TeamRecord, 'models' | 'maxBudget' | 'rpmLimit' | 'tpmLimit' | 'maxParallelRequests'>;

const NUMERIC = [
  ['rpmLimit', 'rpm_limit'],
  ['tpmLimit', 'tpm_limit'],
  ['maxParallelRequests', 'max_parallel_requests'],
] as const;

/**
 * A non-admin can never make a key stronger than itself. A field left out of a new key inherits the ceiling;
 * a field given must be within it. Lists mean what they mean everywhere (libs/permissions): an empty list
 * inherits, so on a change it may only be sent where the ceiling does not restrict. Returns the request with
 * the inherited values filled in. `accessGroups` (from the deployments) says which model groups an access group
 * name in either list stands for.
 */
export function boundByCeilings(requested: KeyStrength, ceilings: readonly Ceiling[], { isNew, accessGroups = new Map() }: { isNew: boolean; accessGroups?: AccessGroups }): KeyStrength {
  const bounded: KeyStrength = { ...requested };
  for (const ceiling of ceilings) {
    if (modelRestriction(ceiling.models) !== undefined) {
      const models = bounded.models;
      if (models === undefined || (isNew && models.length === 0)) {
        if (isNew && !ceiling.isTeam) bounded.models = [...ceiling.models];
      } else if (!modelsWithin(models, ceiling.models, { ceilingIsTeam: ceiling.isTeam ?? false, accessGroups })) {
        throw forbidden(`models must be a subset of ${ceiling.label}'s models`);
      }
    }
    if (ceiling.maxBudget !== null) {
      if (bounded.maxBudget === undefined || bounded.maxBudget === null) {
        if (isNew || bounded.maxBudget === null) bounded.maxBudget = ceiling.maxBudget;
      } else if (compareDecimals(bounded.maxBudget, ceiling.maxBudget) > 0) throw forbidden(`max_budget must not exceed ${ceiling.label}'s max_budget`);
    }
    for (const [field, wire] of NUMERIC) {
      const limit = ceiling[field];
      if (limit === null) continue;
      const value = bounded[field];
      if (value === undefined || value === null) {
        if (isNew || value === null) bounded[field] = limit;
      } else if (value > limit) throw forbidden(`${wire} must not exceed ${ceiling.label}'s ${wire}`);
    }
    if (ceiling.allowedRoutes) boundRoutes(bounded, ceiling.allowedRoutes, ceiling.label, isNew);
    if (ceiling.expiresAt) {
      const expires = bounded.expiresAt;
      if (expires === undefined || expires === null) {
        if (isNew || expires === null) bounded.expiresAt = ceiling.expiresAt;
      } else if (expires > ceiling.expiresAt) throw forbidden(`the key must not outlive ${ceiling.label}`);
    }
  }
  return bounded;
}

function boundRoutes(bounded: KeyStrength, ceiling: readonly string[], label: string, isNew: boolean): void {
  const routes = bounded.allowedRoutes;
  if (routes === undefined || routes.length === 0) {
    if (ceiling.length === 0) return;
    // An empty list is the default routes, wider than an explicit ceiling: inherit it, or refuse the change.
    if (isNew) bounded.allowedRoutes = [...ceiling];
    else if (routes !== undefined) throw forbidden(`allowed_routes must be a subset of ${label}'s allowed_routes`);
    return;
  }
  const beyond = routes.filter((entry) => !entryWithin(entry, ceiling));
  if (beyond.length === 0) return;
  const why = ceiling.length === 0 ? ' (provider passthrough is granted only by an admin)' : '';
  throw forbidden(`allowed_routes must be a subset of ${label}'s allowed_routes${why}: ${beyond.join(', ')}`);
}
