import type { Request, RequestHandler, Response } from 'express';
import { normalizePath } from '@switchboard/route-allowlist';
import { HttpError } from './http-error.ts';
import { sendError } from './render-error.ts';
import { uuidV7 } from './uuid-v7.ts';
import { addHeader } from './deferred-headers.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** UUIDv7 given to every request; it is the spend row's key and the `x-request-id` header. */
    requestId: string;
    /** `process.hrtime.bigint()` when the request reached us. */
    receivedAt: bigint;
  }
}

/** Gives the request its id and arrival time, and answers with the id. */
function enter(req: Request, res: Response): void {
  req.requestId = uuidV7();
  req.receivedAt = process.hrtime.bigint();
  addHeader(res, 'x-request-id', req.requestId);
}

/**
 * Runs first: gives the request its id and rewrites `req.url` to the canonical path, so auth, routing and
 * logging all see one spelling. A path that has no canonical form is refused before anything else runs.
 */
export const requestContext: RequestHandler = function requestContext(req, res, next) {
  enter(req, res);
  const normalized = normalizePath(req.url);
  if (!normalized.ok) {
    sendError(res, new HttpError(400, `Invalid request path: ${normalized.reason}`, { code: 'invalid_path' }));
    return;
  }
  req.url = normalized.path + normalized.query;
  next();
};

/**
 * `requestContext` for a request whose URL is already a mounted literal path, byte for byte (the exact
 * routes of FastRoutes: letters, digits, `-._~/`, no query, no escapes), so normalizing could not change it.
 */
export const canonicalRequestContext: RequestHandler = function canonicalRequestContext(req, res, next) {
  enter(req, res);
  next();
};
