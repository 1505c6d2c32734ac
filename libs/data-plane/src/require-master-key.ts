import type { RequestHandler } from 'express';
import { HttpError } from '@switchboard/service-kit';

/**
 * After `authenticate`: only the master key goes on. The gateway's virtual keys carry no user role, so the
 * gateway's admin-only routes (`/routes`) take the master key alone; role-based admins use the backend's.
 */
export const requireMasterKey: RequestHandler = function requireMasterKey(req, _res, next) {
  if (req.principal?.kind === 'master') return next();
  next(new HttpError(403, 'Only the master key may call this route on the gateway', { code: 'forbidden' }));
};
