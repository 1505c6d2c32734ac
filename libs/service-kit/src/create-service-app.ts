import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { assertMountable, ROUTE_TABLE, type RouteRule, type Service } from '@switchboard/route-allowlist';
import { HealthState } from './health.ts';
import { FastRoutes, runChain } from './fast-routes.ts';
import { errorRenderer, notFound } from './render-error.ts';
import { canonicalRequestContext, requestContext } from './request-context.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'all';

export interface MountedRoute {
  method: HttpMethod;
  path: string;
}

export interface ServiceApp {
  readonly service: Service;
  readonly app: Express;
  readonly logger: Logger;
  readonly health: HealthState;
  /** Every route mounted so far, for the route-table coverage tests and `/routes`. */
  readonly routes: readonly MountedRoute[];
  /** The handlers a route was mounted with, for tests that check what every route runs (the call pipeline). */
  handlersOf(route: MountedRoute): readonly RequestHandler[];
  /** The only way to add a route: checks the path against the route table first. */
  route(method: HttpMethod, path: string, ...handlers: RequestHandler[]): void;
  /**
   * A route whose handlers use only Node's request/response API (`req.headers`, `req.url`, `res.setHeader`,
   * `writeHead`, `end`, ... and `sendJson`/`sendError`), never Express's additions (`res.json`, `req.path`,
   * `req.params`). On its exact path it runs without Express (FastRoutes); other spellings reach the same
   * handlers through Express, where the Node API is still there.
   */
  plainRoute(method: Exclude<HttpMethod, 'all'>, path: string, ...handlers: RequestHandler[]): void;
  /**
   * `GET /routes` (every mounted route) behind the service's own admin check: the list maps the whole
   * attack surface, so there is no open variant. The guards must end the request or call next() only
   * for an admin.
   */
  mountRouteListing(...adminGuards: [RequestHandler, ...RequestHandler[]]): void;
  /**
   * Adds the JSON 404 and the error renderer; call once, after the last route. Returns the request
   * listener: exact routes straight to their handlers (see FastRoutes), everything else through Express.
   */
  finalize(): (req: IncomingMessage, res: ServerResponse) => void;
}

export interface ServiceAppOptions {
  /** The table routes are checked against: the gateway adds the config's custom pass-through routes to it. */
  routeTable?: readonly RouteRule[];
}

export function createServiceApp(service: Service, logger: Logger, options: ServiceAppOptions = {}): ServiceApp {
  const routeTable = options.routeTable ?? ROUTE_TABLE;
  const app = express();
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('x-powered-by', false);
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestContext);

  const health = new HealthState();
  const routes: MountedRoute[] = [];
  const handlersByRoute = new Map<MountedRoute, readonly RequestHandler[]>();
  const fast = new FastRoutes();
  let listener: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const mount = (method: HttpMethod, path: string, handlers: RequestHandler[], plain: boolean) => {
    if (listener) throw new Error(`route ${method.toUpperCase()} ${path} added after finalize()`);
    assertMountable(service, path, routeTable);
    const route = { method, path };
    routes.push(route);
    handlersByRoute.set(route, handlers);
    app[method](path, ...handlers);
    fast.add(method, path, handlers, plain);
  };

  const serviceApp: ServiceApp = {
    service,
    app,
    logger,
    health,
    routes,
    handlersOf: (route) => handlersByRoute.get(route) ?? [],
    route(method, path, ...handlers) {
      mount(method, path, handlers, false);
    },
    plainRoute(method, path, ...handlers) {
      mount(method, path, handlers, true);
    },
    mountRouteListing(...adminGuards) {
      mount('get', '/routes', [...adminGuards, (_req, res) => void res.json({ service, routes })], false);
    },
    finalize() {
      if (!listener) {
        const renderError = errorRenderer(logger);
        app.use(notFound);
        app.use(renderError);
        const onError = (err: unknown, req: express.Request, res: express.Response) => renderError(err, req, res, () => undefined);
        const onFallthrough = (req: express.Request, res: express.Response) => notFound(req, res, () => undefined);
        listener = (req, res) => {
          const route = fast.lookup(req.method, req.url);
          if (route) runChain(app, req, res, canonicalRequestContext, route, onError, onFallthrough);
          else app(req, res);
        };
      }
      return listener;
    },
  };

  serviceApp.route('get', '/health/liveliness', health.livelinessHandler());
  serviceApp.route('get', '/health/readiness', health.readinessHandler());
  return serviceApp;
}
