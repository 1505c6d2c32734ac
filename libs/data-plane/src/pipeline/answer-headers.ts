import type { Request, Response } from 'express';
import { deadlineMsOf } from '@switchboard/providers';
import { pythonFloat } from '@switchboard/contracts';
import { nanoToUsdString } from '@switchboard/pricing';
import { regionOf, type Deployment } from '@switchboard/config';
import type { RouteOutcome } from '@switchboard/router';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallResult } from './call-spec.ts';
import { msSince, type CallState } from './call-state.ts';
import { addHeader } from '@switchboard/service-kit';

/** What every answer says about how it was made: deployment, group, attempts, warnings, gateway overhead. */
export function setAnswerHeaders(deps: DataPlaneDeps, req: Request, res: Response, call: CallState, outcome: RouteOutcome<CallResult> | undefined, modelGroup: string): void {
  if (call.warnings.length > 0) {
    deps.logger.warn({ requestId: req.requestId, deployment: outcome?.deployment.id, warnings: call.warnings }, 'parameters dropped for the provider');
    addHeader(res, 'x-switchboard-warnings', call.warnings.join('; ').replace(/[^\x20-\x7e]/g, '?').slice(0, 1000));
  }
  if (outcome) {
    const { deployment } = outcome;
    addHeader(res, 'x-switchboard-deployment', deployment.id);
    addHeader(res, 'x-switchboard-attempts', String(outcome.attempts));
    // LiteLLM's names for the same facts, which its clients read.
    setRoutingHeaders(deps, res, call, deployment, outcome.attempts, outcome.fallbackFrom !== undefined ? 1 : 0);
  }
  addHeader(res, 'x-switchboard-model-group', modelGroup);
  addHeader(res, 'x-litellm-model-group', modelGroup);
  addHeader(res, 'x-litellm-call-id', req.requestId);
  const totalMs = msSince(req.receivedAt);
  const overheadMs = totalMs - call.upstreamMs;
  const overheadText = overheadMs.toFixed(3);
  addHeader(res, 'x-switchboard-overhead-ms', overheadText);
  addHeader(res, 'x-litellm-overhead-duration-ms', overheadText);
  addHeader(res, 'x-litellm-response-duration-ms', totalMs.toFixed(3));
  deps.metrics.overheadLatency.labels(modelGroup).observe(overheadMs / 1000);
}

/**
 * What LiteLLM's headers say of how routing went (the retries and fallbacks made) and of the deployment last called,
 * if one was (none when only a simulated first attempt was made): its id, retry budget, deadline (the request's own
 * when it set one), origin and region.
 */
function setRoutingHeaders(deps: DataPlaneDeps, res: Response, call: CallState, deployment: Deployment | undefined, attempts: number, fallbacks: number): void {
  addHeader(res, 'x-litellm-attempted-retries', String(Math.max(0, attempts - 1 - fallbacks)));
  addHeader(res, 'x-litellm-attempted-fallbacks', String(fallbacks));
  if (!deployment) return;
  addHeader(res, 'x-litellm-model-id', deployment.id);
  addHeader(res, 'x-litellm-max-retries', String(call.controls?.numRetries ?? deps.router.maxRetriesOf(deployment)));
  const deadlineMs = deadlineMsOf({ timeoutMs: call.controls?.timeoutMs ?? deployment.timeoutMs, streamTimeoutMs: deployment.streamTimeoutMs }, call.record.stream);
  // Seconds as Python prints a float (`1.0`, `0.001`, `600.0`), as LiteLLM's header has them.
  addHeader(res, 'x-litellm-timeout', pythonFloat(deadlineMs / 1000));
  const apiBase = originOf(deployment);
  if (apiBase) addHeader(res, 'x-litellm-model-api-base', apiBase);
  const region = regionOf(deployment);
  if (region) addHeader(res, 'x-litellm-model-region', region);
}

/**
 * LiteLLM's headers on a failed model call, as far as routing got: the call id and model group always; once a
 * deployment was called, its id, the retries and fallbacks made, its retry budget, deadline, origin and region.
 */
export function setFailureHeaders(deps: DataPlaneDeps, req: Request, res: Response, call: CallState): void {
  addHeader(res, 'x-litellm-call-id', req.requestId);
  const group = call.record.modelGroup;
  if (group) addHeader(res, 'x-litellm-model-group', group);
  const { attempts, fallbacks, deployment } = call.progress;
  if (attempts === 0) return;
  setRoutingHeaders(deps, res, call, deployment, attempts, fallbacks);
}

export function setCostHeaders(res: Response, costNanoUsd: number): void {
  const text = nanoToUsdString(costNanoUsd);
  addHeader(res, 'x-switchboard-response-cost', text);
  addHeader(res, 'x-litellm-response-cost', text);
}

const origins = new WeakMap<Deployment, string | null>();

/**
 * The scheme, host and port of a deployment's API base: never its path, query or credentials. Parsed once per
 * deployment object (a URL parse per answer showed nothing but cost on the hot path).
 */
function originOf(deployment: Deployment): string | undefined {
  let origin = origins.get(deployment);
  if (origin === undefined) {
    try {
      origin = deployment.apiBase ? new URL(deployment.apiBase).origin : null;
    } catch {
      origin = null;
    }
    origins.set(deployment, origin);
  }
  return origin ?? undefined;
}
