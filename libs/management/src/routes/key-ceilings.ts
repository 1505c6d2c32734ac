import { compareDecimals, type KeyRecord, type TeamRecord, type UserRecord } from '@switchboard/db';
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

/** Whatever bounds a non-admin: their user, the key they call with, the team the key is for. */
export type Ceiling = { label: string; allowedRoutes?: string[]; expiresAt?: Date | null } & Pick<UserRecord | KeyRecord | TeamRecord, 'models' | 'maxBudget' | 'rpmLimit' | 'tpmLimit' | 'maxParallelRequests'>;

const NUMERIC = [
  ['rpmLimit', 'rpm_limit'],
  ['tpmLimit', 'tpm_limit'],
  ['maxParallelRequests', 'max_parallel_requests'],
] as const;

/**
 * A non-admin can never make a key stronger than itself. A field left out inherits the ceiling; a field
 * given must be within it (an empty model or route list means "all", so it is only allowed when the ceiling
 * is unrestricted too). Returns the request with the inherited values filled in.
 */
export function boundByCeilings(requested: KeyStrength, ceilings: readonly Ceiling[], { isNew }: { isNew: boolean }): KeyStrength {
  const bounded: KeyStrength = { ...requested };
  for (const ceiling of ceilings) {
    if (ceiling.models.length > 0) {
      if (bounded.models === undefined || (isNew && bounded.models.length === 0)) {
        if (isNew || bounded.models !== undefined) bounded.models = [...ceiling.models];
      } else if (bounded.models.length === 0 || bounded.models.some((model) => !ceiling.models.includes(model))) {
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
    if (ceiling.allowedRoutes && ceiling.allowedRoutes.length > 0) {
      const routes = bounded.allowedRoutes;
      if (routes === undefined || (isNew && routes.length === 0)) {
        if (isNew || routes !== undefined) bounded.allowedRoutes = [...ceiling.allowedRoutes];
      } else if (routes.length === 0 || routes.some((route) => !ceiling.allowedRoutes?.includes(route))) {
        throw forbidden(`allowed_routes must be a subset of ${ceiling.label}'s allowed_routes`);
      }
    }
    if (ceiling.expiresAt) {
      const expires = bounded.expiresAt;
      if (expires === undefined || expires === null) {
        if (isNew || expires === null) bounded.expiresAt = ceiling.expiresAt;
      } else if (expires > ceiling.expiresAt) throw forbidden(`the key must not outlive ${ceiling.label}`);
    }
  }
  return bounded;
}
