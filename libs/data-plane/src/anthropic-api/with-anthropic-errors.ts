import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { fromBodyParser } from '@switchboard/service-kit';
import { isPipelineHandler, markPipelineHandler } from '../pipeline/call-handler.ts';
import { toHttpError } from '../to-http-error.ts';
import { sendAnthropicError } from './anthropic-error-body.ts';

/** The same mapping as service-kit's error renderer (body-parser's client errors as clear 4xx), in Anthropic's shape. */
function renderAnthropicError(logger: Logger, req: Request, res: Response, err: unknown): void {
  const error = fromBodyParser(err) ?? toHttpError(err);
  if (error.status === 500) logger.error({ requestId: req.requestId, err }, 'unhandled error');
  else if (error.status > 500) logger.warn({ requestId: req.requestId, status: error.status, msg: error.message }, 'request failed');
  sendAnthropicError(res, error);
}

/**
 * The route's handlers, each made to render its failures (thrown, rejected or passed to `next`) in
 * Anthropic's error shape: authentication, body parsing and validation included. Anthropic SDKs parse
 * only that shape.
 */
export function withAnthropicErrors(logger: Logger, handlers: readonly RequestHandler[]): RequestHandler[] {
  return handlers.map((handler): RequestHandler => {
    const wrapped: RequestHandler = function anthropicErrors(req: Request, res: Response, next: NextFunction) {
      const fail = (err: unknown): void => renderAnthropicError(logger, req, res, err);
      const forward: NextFunction = (err?: unknown) => (err === undefined || err === 'route' || err === 'router' ? next(err) : fail(err));
      try {
        Promise.resolve(handler(req, res, forward)).catch(fail);
      } catch (err) {
        fail(err);
      }
    };
    // A wrapped pipeline handler is still one (the route walk checks every route runs the pipeline).
    return isPipelineHandler(handler) ? markPipelineHandler(wrapped) : wrapped;
  });
}
