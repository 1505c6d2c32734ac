import type { RequestHandler } from 'express';
import { authenticateCaller, type ManagementDeps } from '@switchboard/management';
import { HttpError } from '@switchboard/service-kit';

const ADMIN_ROLES: ReadonlySet<string> = new Set(['proxy_admin', 'proxy_admin_viewer']);

/** The backend's admin check for its own routes (`/routes`): the master key, or a proxy admin's key or session. */
export function requireAdminCaller(deps: ManagementDeps): RequestHandler {
  return async function requireAdmin(req, _res, next) {
    const caller = await authenticateCaller(deps, req);
    if (!ADMIN_ROLES.has(caller.role)) throw new HttpError(403, 'Only proxy_admin and proxy_admin_viewer may list the routes', { code: 'forbidden' });
    req.caller = caller;
    next();
  };
}
