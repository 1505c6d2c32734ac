import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './http-error.ts';
import { addHeader } from './deferred-headers.ts';

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAiErrorBody(error: HttpError): OpenAiErrorBody {
  return { error: { message: error.message, type: error.type, param: error.param, code: error.code ?? String(error.status) } };
}

/**
 * A JSON answer with Node's own response API (what Express's `res.status().json()` sends, minus ETag), so
 * it also works on the plain routes, whose responses are not Express's (see FastRoutes).
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

/** JSON already serialized (and, for upstream answers, masked): written as sendJson writes it. */
export function sendJsonText(res: ServerResponse, status: number, text: string): void {
  // One array: see DeferredHeadersResponse. Replaces a Content-Type or Content-Length set before, as setHeader did.
  res.writeHead(status, ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(Buffer.byteLength(text))]);
  res.end(text);
}

/** The path of a request URL, without its query. */
export function pathOfUrl(url: string | undefined): string {
  const at = url?.indexOf('?') ?? -1;
  return at === -1 ? (url ?? '/') : (url as string).slice(0, at);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  addErrorHeaders(res, error);
  sendJson(res, error.status, openAiErrorBody(error));
}

/** An error's own headers (rate-limit state, `Retry-After`), for any wire's error body. */
export function addErrorHeaders(res: ServerResponse, error: HttpError): void {
  for (const name in error.headers) addHeader(res, name.toLowerCase(), error.headers[name] as string);
  if (error.retryAfter !== undefined) addHeader(res, 'retry-after', String(Math.max(1, Math.ceil(error.retryAfter))));
}

/** body-parser's errors carry a status and a type; map the ones a client causes to clear 4xx messages. */
export function fromBodyParser(err: unknown): HttpError | undefined {
  if (typeof err !== 'object' || err === null || err instanceof HttpError) return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return new HttpError(413, 'Request body is too large');
  if (type === 'entity.parse.failed') return new HttpError(400, 'Request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new HttpError(415, 'Unsupported request encoding');
  if (type === 'request.aborted') return new HttpError(400, 'Request was aborted by the client');
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, 'Bad request');
  return undefined;
}

export function errorRenderer(logger: Logger): ErrorRequestHandler {
  return function renderError(err: unknown, req, res, _next) {
    const known = err instanceof HttpError ? err : fromBodyParser(err);
    if (known) {
      if (known.status >= 500) logger.warn({ requestId: req.requestId, status: known.status, msg: known.message }, 'request failed');
      sendError(res, known);
      return;
    }
    // Unknown errors may carry secrets in their messages: log the error, answer with a fixed text.
    logger.error({ requestId: req.requestId, err }, 'unhandled error');
    sendError(res, new HttpError(500, 'Internal server error', { type: 'api_error' }));
  };
}

export const notFound: RequestHandler = function notFound(req, res) {
  sendError(res, new HttpError(404, `No route for ${req.method} ${pathOfUrl(req.url)}`, { code: 'route_not_found' }));
};
