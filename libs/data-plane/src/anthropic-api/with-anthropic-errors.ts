import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '@switchboard/service-kit';
import { isPipelineHandler, markPipelineHandler } from '../pipeline/call-handler.ts';
import { toHttpError } from '../to-http-error.ts';
import { sendAnthropicError } from './anthropic-error-body.ts';

/**
 * body-parser's client errors as clear 4xx (the same mapping as service-kit's error renderer, which
 * these routes bypass so their errors keep Anthropic's shape).
 */
function fromBodyParser(err: unknown): HttpError | undefined {
  if (typeof err !== 'object' || err === null || err instanceof HttpError) return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return new HttpError(413, 'Request body is too large');
  if (type === 'entity.parse.failed') return new HttpError(400, 'Request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new HttpError(415, 'Unsupported request encoding');
  if (type === 'request.aborted') return new HttpError(400, 'Request was aborted by the client');
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, 'Bad request');
  return undefined;
}

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
