import { USER_ROLES, type UserRole } from '@switchboard/db';
import type { SsoSettings } from './sso-settings.ts';

/** The claim's values: a string, a list of strings, or a space/comma separated string. */
export function claimValues(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((value): value is string => typeof value === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The role a login gets from its claims: the most privileged role any value of the role claim maps to, else the
 * default. Applied at every login, so a user removed from a mapped group loses the role that group gave.
 */
export function mapSsoRole(claims: Readonly<Record<string, unknown>>, settings: Pick<SsoSettings, 'roleClaim' | 'roleMappings' | 'defaultRole'>): UserRole {
  const mapped = claimValues(claims[settings.roleClaim])
    .map((value) => settings.roleMappings[value])
    .filter((role): role is UserRole => role !== undefined);
  // USER_ROLES runs from most to least privileged.
  return USER_ROLES.find((role) => mapped.includes(role)) ?? settings.defaultRole;
}
