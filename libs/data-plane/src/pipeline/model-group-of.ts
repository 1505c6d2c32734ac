import type { Request } from 'express';
import type { DataPlaneDeps } from '../data-plane-deps.ts';

/**
 * The model group a client-sent model name means: the key's aliases first, then the router's (aliases, wildcards).
 * Undefined when it names no model. The requested model and each of the request's fallbacks resolve this one way.
 */
export function modelGroupOf(deps: DataPlaneDeps, req: Request, name: string): string | undefined {
  return deps.router.resolveGroup(req.principal?.aliases?.[name] ?? name);
}
