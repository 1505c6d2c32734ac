import type { Request, Response } from 'express';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallSpec } from './call-spec.ts';
import type { CallState } from './call-state.ts';
import { refuse, type Admission, type AdmitCall } from '@switchboard/contracts';
import { takeCacheField } from './take-cache-field.ts';
import { takeRouterControls, type RouterControls } from './router-controls.ts';
import { countedBody, resolveFallbacks } from './resolve-fallbacks.ts';
import { modelGroupOf } from './model-group-of.ts';
import { addHeader } from '@switchboard/service-kit';

/**
 * The model group a call names (after the key's aliases): a missing or unknown model is LiteLLM's 400. Sets
 * the record's group.
 */
export function resolveModelGroup(deps: DataPlaneDeps, req: Request, spec: CallSpec, call: CallState): string {
  if (spec.model === '') throw refuse('missing_model', 'model is required', { param: 'model' });
  const group = modelGroupOf(deps, req, spec.model);
  if (group === undefined) {
    throw refuse('unknown_model', `Invalid model name passed in model=${spec.model}. Call \`/v1/models\` to view available models for your key.`, { param: 'model' });
  }
  call.record.modelGroup = group;
  return group;
}

/**
 * The authorize and admit stages: the model must name a model group; the key, its team, organization and end
 * user must allow it and the route; then rate limits are counted and the worst case is reserved against every
 * budget (deps.admit, from the enforcement lib). Returns the model group the call goes to (an end user's
 * default_model may change it). Without `res` (a sub-call) the limits' headers are not written.
 * `cachedAnswer`: the answer comes from the response cache (nothing to reserve; see AdmitCall).
 * The group itself, not a promise, when admission had nothing to wait for (see Admit): runCall awaits only a promise.
 */
export function admitCall(deps: DataPlaneDeps, req: Request, res: Response | undefined, spec: CallSpec, call: CallState, resolved?: string, cachedAnswer?: AdmitCall['cachedAnswer']): string | Promise<string> {
  const group = resolved ?? resolveModelGroup(deps, req, spec, call);
  // The response cache's controls never reach the upstream (runCall has read them already; sub-calls drop them).
  takeCacheField(spec.body);
  const controls = (call.controls = takeRouterControls(spec.body, req.headers, [spec.model, group], req.keyContext?.allowClientMockResponse === true));
  const fallbacks = (call.fallbacks = controls?.fallbacks ? resolveFallbacks(deps, req, controls.fallbacks, { guarded: call.guard !== undefined, takesOverrides: spec.takesOverrides === true, route: spec.route }) : undefined);
  // The request's own fallbacks, and those a simulated failure will reach, must be models the key may call too.
  const alsoAuthorize = controls ? fallbackGroupsOf(deps, group, controls, fallbacks?.groups) : undefined;
  const body = fallbacks ? countedBody(spec.body, fallbacks) : spec.body;
  const tags = call.record.requestTags;
  const admitting = deps.admit?.(req, { modelGroup: group, operation: spec.countAs, body, route: spec.route, pricedBy: spec.pricedBy ?? 'tokens', ...(alsoAuthorize ? { alsoAuthorize } : {}), ...(cachedAnswer ? { cachedAnswer } : {}), ...(tags ? { tags } : {}) });
  if (admitting === undefined) return group;
  return admitting instanceof Promise ? admitting.then((admission) => holdAdmission(res, call, admission, group)) : holdAdmission(res, call, admitting, group);
}

/** Every group the call may fall back to: the request's own list, and what a simulated failure will try. */
function fallbackGroupsOf(deps: DataPlaneDeps, group: string, controls: RouterControls, requested: readonly string[] | undefined): string[] | undefined {
  if (controls.noFallbacks) return undefined;
  const groups = new Set(requested);
  for (const failure of [controls.simulatedFailure, controls.failFirstAttempt]) {
    if (failure) for (const name of deps.router.fallbacksFor(group, failure, requested)) groups.add(name);
  }
  return groups.size > 0 ? [...groups] : undefined;
}

/** Keeps an admission on the call: its limit headers on the answer, and the group it sends the call to. */
function holdAdmission(res: Response | undefined, call: CallState, admission: Admission | undefined, group: string): string {
  call.admission = admission;
  if (admission && res) for (const name in admission.headers) addHeader(res, name, admission.headers[name] as string);
  // The end user's default_model took the call (the named group has no deployment in its region).
  if (admission?.modelGroup) return (call.record.modelGroup = admission.modelGroup);
  return group;
}
