import type { RequestHandler } from 'express';
import { HttpError } from '@switchboard/service-kit';
import { inspectBody } from './inspect-body.ts';

/**
 * Reads and parses a JSON body within the size limit (413 past it, checked on Content-Length before
 * reading and again while reading), then checks depth and smuggled credentials. A non-object body is a
 * 400 before anything else runs. Written directly on the request stream: body-parser's generality
 * (charsets, inflation, type matching) cost more per request than the rest of the pipeline.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const read: RequestHandler = function readJsonBody(req, res, next) {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') return next(new HttpError(415, `Content-Encoding "${encoding}" is not supported; send the body uncompressed`));
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limitBytes) {
      res.setHeader('Connection', 'close');
      return next(new HttpError(413, `Request body is too large (limit ${limitBytes} bytes)`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes && !failed) {
        failed = true;
        req.off('data', onData);
        req.resume();
        res.setHeader('Connection', 'close');
        next(new HttpError(413, `Request body is too large (limit ${limitBytes} bytes)`));
        return;
      }
      if (!failed) chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', () => {
      if (!failed) {
        failed = true;
        next(new HttpError(400, 'Request was aborted by the client'));
      }
    });
    req.once('end', () => {
      if (failed) return;
      const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      try {
        req.body = JSON.parse(text);
      } catch {
        return next(new HttpError(400, 'Request body is not valid JSON', { code: 'invalid_json' }));
      }
      next();
    });
  };
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
  return [read, check];
}
