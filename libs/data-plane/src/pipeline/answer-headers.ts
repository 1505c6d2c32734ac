import type { Request, Response } from 'express';
import { nanoToUsdString } from '@switchboard/pricing';
import type { RouteOutcome } from '@switchboard/router';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallResult } from './call-spec.ts';
import { msSince, type CallState } from './call-state.ts';

/** What every answer says about how it was made: deployment, group, attempts, warnings, gateway overhead. */
export function setAnswerHeaders(deps: DataPlaneDeps, req: Request, res: Response, call: CallState, outcome: RouteOutcome<CallResult> | undefined, modelGroup: string): void {
  if (call.warnings.length > 0) {
    deps.logger.warn({ requestId: req.requestId, deployment: outcome?.deployment.id, warnings: call.warnings }, 'parameters dropped for the provider');
    res.setHeader('x-switchboard-warnings', call.warnings.join('; ').replace(/[^\x20-\x7e]/g, '?').slice(0, 1000));
  }
  if (outcome) {
    res.setHeader('x-switchboard-deployment', outcome.deployment.id);
    res.setHeader('x-switchboard-attempts', String(outcome.attempts));
    res.setHeader('x-litellm-model-id', outcome.deployment.id);
  }
  res.setHeader('x-switchboard-model-group', modelGroup);
  const overheadMs = msSince(req.receivedAt) - call.upstreamMs;
  res.setHeader('x-switchboard-overhead-ms', overheadMs.toFixed(3));
  deps.metrics.overheadLatency.labels(modelGroup).observe(overheadMs / 1000);
}

export function setCostHeaders(res: Response, costNanoUsd: number): void {
  const text = nanoToUsdString(costNanoUsd);
  res.setHeader('x-switchboard-response-cost', text);
  res.setHeader('x-litellm-response-cost', text);
}
