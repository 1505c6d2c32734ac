import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { match } from 'path-to-regexp';
import { normalizePath } from '@switchboard/route-allowlist';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const EXACT = /^[A-Za-z0-9\-._~/]+$/;

export interface FastRoute {
  handlers: RequestHandler[];
  /** Handlers that use only Node's request/response API: no Express prototypes are put on the request. */
  plain: boolean;
}

/**
 * Exact-path routes dispatched without Express's layer walk. Express compares a request with every
 * mounted layer in order (a regular expression each) before it reaches a route; for the data plane's hot
 * endpoints that walk cost more than our own pipeline. A route qualifies only when Express would pick it
 * for that path too: its path is literal, it is the first route for its method and path, and no route
 * mounted before it (wildcards included) matches the same path. Everything else goes to Express.
 */
export class FastRoutes {
  private readonly earlier: { method: string; test: (path: string) => boolean }[] = [];
  private readonly table = new Map<string, Map<string, FastRoute>>();

  add(method: string, path: string, handlers: RequestHandler[], plain = false): void {
    const upper = method.toUpperCase();
    const matcher = match(path, { decode: false, end: true, sensitive: true, trailing: false });
    // Also true for an earlier route with this very method and path: the first one keeps it.
    const shadowed = this.earlier.some((e) => (e.method === upper || e.method === 'ALL') && e.test(path));
    this.earlier.push({ method: upper, test: (candidate) => matcher(candidate) !== false });
    if (upper === 'ALL' || !EXACT.test(path) || shadowed) return;
    // A request equal to the path must need no normalizing (no `//`, no dot segments): see canonicalRequestContext.
    const normalized = normalizePath(path);
    if (!normalized.ok || normalized.path !== path) return;
    let byPath = this.table.get(upper);
    if (!byPath) this.table.set(upper, (byPath = new Map()));
    byPath.set(path, { handlers, plain });
  }

  lookup(method: string | undefined, url: string | undefined): FastRoute | undefined {
    if (method === undefined || url === undefined) return undefined;
    return this.table.get(method as Method)?.get(url);
  }
}

/**
 * Runs a route's handlers the way Express runs a matched route, with the same `next` contract (an error or
 * a rejected promise goes to `onError`). Express routes get Express's request/response prototypes and
 * fields, so they cannot tell the difference. Plain routes do not: swapping the prototypes of Node's
 * request and response objects on every request roughly doubled the CPU of a bare undici proxy in the
 * bench (V8 deoptimizes the code that touches them), more than all of our own pipeline.
 * `before` runs first (the request context middleware).
 */
export function runChain(
  app: Express,
  req: IncomingMessage,
  res: ServerResponse,
  before: RequestHandler,
  route: FastRoute,
  onError: (err: unknown, req: Request, res: Response) => void,
  onFallthrough: (req: Request, res: Response) => void,
): void {
  const request = req as Request;
  const response = res as unknown as Response;
  const handlers = route.handlers;
  if (!route.plain) {
    request.res = response;
    response.req = request;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    if (!response.locals) response.locals = Object.create(null) as Response['locals'];
    request.originalUrl = request.url;
    request.baseUrl = '';
    request.params = {};
  }
  let index = -1;
  const next: NextFunction = (err?: unknown) => {
    if (err === 'route' || err === 'router') {
      // No later route can take it over here (see FastRoutes), so skipping the route ends in the 404.
      onFallthrough(request, response);
      return;
    }
    if (err !== undefined && err !== null) {
      onError(err, request, response);
      return;
    }
    index++;
    const handler = index === 0 ? before : handlers[index - 1];
    if (handler === undefined) {
      onFallthrough(request, response);
      return;
    }
    try {
      const result = handler(request, response, next) as unknown;
      if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(undefined, (error: unknown) => next(error ?? new Error('Rejected promise')));
    } catch (error) {
      next(error);
    }
  };
  request.next = next;
  next();
}
