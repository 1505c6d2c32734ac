import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sqlQueryAttributes } from './sql-query-attributes.ts';
import type { RequestTrace, Tracing } from './tracing-types.ts';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpRequestTracingOptions {
  /** The route template the request matched (`/team/:team_id`), read when the response closes; the path without its query otherwise. */
  routeOf?: (req: IncomingMessage) => string | undefined;
}

export interface HttpRequestTracing {
  /** A SERVER span per request, continuing the client's `traceparent`, current for everything the request runs. */
  traceListener(listener: RequestListener): RequestListener;
  /** A database query starts: a CLIENT span under the current request's span; call the result when it settles. Undefined outside a traced request. */
  startQuery(statement: string): ((error?: unknown) => void) | undefined;
}

function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** The SQLSTATE of a driver error, else its class: never its message, which can quote the values. */
function queryErrorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'error';
}

/**
 * Request and query tracing for a plain Node server (the backend): the request's trace rides an
 * AsyncLocalStorage so the database layer finds its parent without being handed it. Build it only when
 * tracing is on; with it off, neither the wrapper nor the storage runs.
 */
export function traceHttpRequests(tracing: Tracing, options: HttpRequestTracingOptions = {}): HttpRequestTracing {
  const current = new AsyncLocalStorage<RequestTrace>();
  return {
    traceListener(listener) {
      return function tracedListener(req, res) {
        const trace = tracing.startRequest({ method: req.method ?? 'GET', route: pathOf(req.url), headers: req.headers });
        res.once('close', () => {
          const route = options.routeOf?.(req);
          if (route) trace.setRoute(route);
          trace.end({ status: res.statusCode, ...(res.writableFinished ? {} : { errorType: 'client_closed' }) });
        });
        current.run(trace, () => {
          // The body's 'end' fires from the connection's async context, not this one, and Express resumes
          // the route there: bound, every event of the request runs in the request's context.
          req.emit = AsyncResource.bind(req.emit, 'switchboard.http.request', req);
          listener(req, res);
        });
      };
    },
    startQuery(statement) {
      const trace = current.getStore();
      if (!trace?.isRecording) return undefined;
      const { name, attributes } = sqlQueryAttributes(statement);
      const span = trace.startClient({ name, attributes });
      return (error) => span.end(error === undefined ? {} : { errorType: queryErrorType(error) });
    },
  };
}
