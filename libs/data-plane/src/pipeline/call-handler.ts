import type { Request, RequestHandler } from 'express';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallSpec } from './call-spec.ts';
import { runCall } from './run-call.ts';

/** Marks the handlers that run the pipeline, so a test can walk the mounted routes and find any that does not. */
export const PIPELINE_HANDLER = Symbol.for('switchboard.pipeline-handler');

/**
 * The only way a data-plane endpoint calls a model: parse and validate the request into a CallSpec, then
 * run the pipeline. Validation errors are thrown before anything is admitted or accounted.
 */
export function callHandler(deps: DataPlaneDeps, toSpec: (req: Request) => CallSpec | Promise<CallSpec>): RequestHandler {
  // Not async: the pipeline's own promise is the handler's (a promise and a microtask turn fewer per call).
  // The route chain takes a throw and a rejection alike.
  const handler: RequestHandler = function pipelineCall(req, res) {
    const spec = toSpec(req);
    return spec instanceof Promise ? spec.then((ready) => runCall(deps, req, res, ready)) : runCall(deps, req, res, spec);
  };
  return markPipelineHandler(handler);
}

/** Tags a handler as running the pipeline's stages (callHandler's, and passthrough's admit-and-account stage). */
export function markPipelineHandler(handler: RequestHandler): RequestHandler {
  return Object.assign(handler, { [PIPELINE_HANDLER]: true });
}

export function isPipelineHandler(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[PIPELINE_HANDLER] === true;
}
