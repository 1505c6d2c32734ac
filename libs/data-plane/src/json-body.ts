import express, { type RequestHandler } from 'express';
import { HttpError } from '@switchboard/service-kit';
import { inspectBody } from './inspect-body.ts';

/**
 * Parses a JSON body within the size limit (413 past it), then checks depth and smuggled credentials.
 * A non-object body is a 400 before anything else runs.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, strict: true, type: () => true });
  const check: RequestHandler = function checkJsonBody(req, _res, next) {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      return next(new HttpError(400, 'Request body must be a JSON object', { code: 'invalid_body' }));
    }
    try {
      inspectBody(req.body);
      next();
    } catch (err) {
      next(err);
    }
  };
  return [parse, check];
}
