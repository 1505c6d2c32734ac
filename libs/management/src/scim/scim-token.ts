import type { KeyRecord } from '@switchboard/db';

/** A SCIM token is a virtual key that may call nothing but these routes: the gateway and the rest of the API refuse it. */
export const SCIM_TOKEN_ROUTES = ['/scim/v2/*'] as const;
/** The metadata flag that marks a key as a SCIM token (only a proxy admin can write a key's metadata). */
export const SCIM_TOKEN_FLAG = 'switchboard_scim_token';

export function isScimToken(key: KeyRecord): boolean {
  return key.metadata[SCIM_TOKEN_FLAG] === true && key.userId === null && key.allowedRoutes.length === SCIM_TOKEN_ROUTES.length && key.allowedRoutes.every((route) => (SCIM_TOKEN_ROUTES as readonly string[]).includes(route));
}
