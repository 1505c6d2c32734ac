import type { RequestHandler } from 'express';
import { routeAllowed } from '@switchboard/permissions';
import { HttpError, pathOfUrl } from '@switchboard/service-kit';

/**
 * After `authenticate`, for routes that are not model calls (model calls check it in admission): a key's
 * `allowed_routes` reach them as any route.
 */
export const routeGate: RequestHandler = function keyRouteGate(req, _res, next) {
  const path = pathOfUrl(req.originalUrl);
  if (!routeAllowed(req.principal?.allowedRoutes, path)) return next(new HttpError(403, `This key is not allowed to call ${path}`, { code: 'route_not_allowed' }));
  next();
};
