import type { Request, Response } from 'express';
import type { JsonResult, SecretMask, Usage } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { maskOf } from './mask-of.ts';
import type { WireFormat } from '../wire-format.ts';
import { setAnswerHeaders, setCostHeaders } from './answer-headers.ts';
import type { CallSpec } from './call-spec.ts';
import type { CallState } from './call-state.ts';
import { priceCall } from './price-call.ts';
import { estimatedUsage, outputTextOf } from './usage-estimate.ts';
import { storeAnswer } from './cache-call.ts';

/** The client's JSON of an answer with the deployment's credentials masked, as the cache keeps it. */
function cacheableBody(format: WireFormat, result: JsonResult, usage: Usage, mask: SecretMask): Record<string, unknown> {
  const body = format.clientBody ? format.clientBody(result.body, usage) : result.body;
  return JSON.parse(mask.maskText(result.text && !format.clientBody ? result.text : JSON.stringify(body))) as Record<string, unknown>;
}

/** The respond stage for one JSON answer: usage (reported or estimated), cost, headers, account, then the body. */
export async function respondJson(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, result: JsonResult, format: WireFormat, modelGroup: string): Promise<void> {
  const deployment = call.outcome?.deployment;
  if (typeof result.body.id === 'string') call.record.responseId = format.clientId?.(result.body.id) ?? result.body.id;
  call.usage = result.usage ?? estimatedUsage(spec, outputTextOf(result.body));
  call.record.costNanoUsd = priceCall(deps, spec, deployment, result, call.usage);
  setAnswerHeaders(deps, req, res, call, call.outcome, modelGroup);
  setCostHeaders(res, call.record.costNanoUsd);
  await call.settle();
  format.writeJson(res, result.body, call.usage, result.text, maskOf(deployment));
  if (call.cachePlan) storeAnswer(deps, call, cacheableBody(format, result, call.usage, maskOf(deployment)), call.usage, deployment);
}
