import type { Request } from 'express';
import { refuse } from '@switchboard/contracts';
import { HttpError } from '@switchboard/service-kit';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { replacedText, TEXT_FIELDS, type ClientFallback } from './router-controls.ts';
import { modelGroupOf } from './model-group-of.ts';

/** The request's own fallbacks as the router takes them: model groups in order, and each one's replaced parameters. */
export interface ResolvedFallbacks {
  groups: string[];
  overrides: Map<string, Record<string, unknown>>;
}

/**
 * Resolves the request's `fallbacks` (the key's aliases first, as for the requested model) to model groups. A name
 * that is no model is the same 400 as an unknown requested model: the client learns it now, not when the first
 * model fails. A fallback that would replace text the call's guardrails check is refused: they judged the request's.
 */
export function resolveFallbacks(deps: DataPlaneDeps, req: Request, fallbacks: readonly ClientFallback[], call: { guarded: boolean; takesOverrides: boolean; route: string }): ResolvedFallbacks {
  const groups: string[] = [];
  const overrides = new Map<string, Record<string, unknown>>();
  fallbacks.forEach((fallback, index) => {
    const group = modelGroupOf(deps, req, fallback.model);
    if (group === undefined) throw refuse('unknown_model', `Invalid model name passed in fallbacks[${index}]=${fallback.model}. Call \`/v1/models\` to view available models for your key.`, { param: `fallbacks[${index}]` });
    if (fallback.overrides && !call.takesOverrides) {
      throw new HttpError(400, `fallbacks[${index}] sets parameters, which ${call.route} does not take on a fallback; name the model only`, { param: `fallbacks[${index}]`, code: 'invalid_router_control' });
    }
    const text = call.guarded ? replacedText(fallback) : [];
    if (text.length > 0) {
      throw new HttpError(400, `fallbacks[${index}] replaces the request's ${text.join(', ')}, which this call's guardrails checked as sent; send it as its own request`, { param: `fallbacks[${index}]`, code: 'invalid_router_control' });
    }
    if (!groups.includes(group)) groups.push(group);
    if (fallback.overrides && !overrides.has(group)) overrides.set(group, fallback.overrides);
  });
  return { groups, overrides };
}

/**
 * The body the limits count for a call whose fallbacks replace its text: the request's text and every replacement
 * together, so the reservation covers whichever attempt answers (an over-count is released when the call settles).
 */
export function countedBody(body: Record<string, unknown>, resolved: ResolvedFallbacks): Record<string, unknown> {
  let counted: Record<string, unknown> | undefined;
  for (const replaced of resolved.overrides.values()) {
    for (const field of TEXT_FIELDS) {
      if (!(field in replaced)) continue;
      counted ??= { ...body };
      counted[field] = joinText(counted[field], replaced[field]);
    }
  }
  return counted ?? body;
}

function joinText(a: unknown, b: unknown): unknown {
  if (a === undefined || a === null) return b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return `${typeof a === 'string' ? a : JSON.stringify(a)}\n${typeof b === 'string' ? b : JSON.stringify(b)}`;
}
