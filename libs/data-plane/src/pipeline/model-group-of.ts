import type { Request } from 'express';
import type { DataPlaneDeps } from '../data-plane-deps.ts';

/**
 * The model group a client-sent model name means: the key's aliases first, then the caller's team's own models
 * (LiteLLM's team models: the name is the team's for its keys only), then the router's (aliases, wildcards).
 * Undefined when it names no model. The requested model and each of the request's fallbacks resolve this one way.
 */
export function modelGroupOf(deps: DataPlaneDeps, req: Request, name: string): string | undefined {
  const principal = req.principal;
  const wanted = principal?.aliases?.[name] ?? name;
  const teamId = principal?.teamId;
  return (teamId === undefined ? undefined : deps.router.teamGroupOf(teamId, wanted)) ?? deps.router.resolveGroup(wanted);
}
