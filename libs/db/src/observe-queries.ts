import type { PoolClient } from 'pg';

/** Told when a query starts; returns what to call when it settles (with the error when it failed), or undefined to skip it. */
export type QueryObserver = (statement: string) => ((error?: unknown) => void) | undefined;

type QueryFunction = (...args: unknown[]) => unknown;

/**
 * Routes every query a pooled connection runs (pool.query and transactions alike) through `observer`.
 * Only the statement text is handed over, never its parameters. Streams (`Submittable`) and callback
 * configs pass through unobserved: none of our code issues them.
 */
export function observeQueries(client: PoolClient, observer: QueryObserver): void {
  // pg's `query` is a set of overloads; the wrapper forwards whatever it was called with.
  const query = client.query as unknown as QueryFunction;
  const observed: QueryFunction = function observedQuery(this: unknown, ...args: unknown[]) {
    const config = args[0] as { text?: unknown; submit?: unknown; callback?: unknown } | string | undefined;
    const text = typeof config === 'string' ? config : config?.text;
    const passThrough = typeof config === 'object' && (typeof config.submit === 'function' || typeof config.callback === 'function');
    const done = typeof text === 'string' && !passThrough ? observer(text) : undefined;
    if (!done) return query.apply(this, args);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => {
        done(error ?? undefined);
        (callback as (error: unknown, result: unknown) => void)(error, result);
      };
      return query.apply(this, args);
    }
    return (query.apply(this, args) as Promise<unknown>).then(
      (result) => {
        done();
        return result;
      },
      (error: unknown) => {
        done(error);
        throw error;
      },
    );
  };
  client.query = observed as unknown as PoolClient['query'];
}
