import type { RequestHandler } from 'express';
import { routeAllowed } from '@switchboard/permissions';
import { HttpError, pathOfUrl } from '@switchboard/service-kit';

/**
 * After `authenticate`: the master key, or a virtual key whose user is a `proxy_admin` (and whose
 * `allowed_routes`, if any, reach the path). `/health` calls every upstream: nobody else may set it off.
 */
export const requireProxyAdmin: RequestHandler = function requireProxyAdmin(req, _res, next) {
  const principal = req.principal;
  if (principal?.kind === 'master') return next();
  if (principal?.kind === 'virtual_key' && principal.userRole === 'proxy_admin' && routeAllowed(principal.allowedRoutes, pathOfUrl(req.originalUrl))) return next();
  next(new HttpError(403, 'Only the master key or a proxy_admin may call this route', { code: 'forbidden' }));
};
