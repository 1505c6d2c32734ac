import type { Request, Response } from 'express';
import type { JsonResult, Usage } from '@switchboard/providers';
import type { UpstreamCallEnd } from '@switchboard/telemetry';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { maskOf } from './mask-of.ts';
import type { WireFormat } from '../wire-format.ts';
import { setAnswerHeaders, setCostHeaders } from './answer-headers.ts';
import type { CallSpec } from './call-spec.ts';
import type { CallState } from './call-state.ts';
import { priceCall } from './price-call.ts';
import { estimatedUsage, outputTextOf } from './usage-estimate.ts';
import { storeAnswer } from './cache-call.ts';
import { guardAnswer, setGuardrailHeader } from './guard-call.ts';
import { sendJsonText } from '@switchboard/service-kit';

/** What a client span records of an answer: model, id, finish reasons, usage. */
function answerFacts(body: Record<string, unknown>, usage: Usage): UpstreamCallEnd {
  const choices = Array.isArray(body.choices) ? (body.choices as { finish_reason?: unknown }[]) : [];
  const finishReasons = choices.map((choice) => choice.finish_reason).filter((reason): reason is string => typeof reason === 'string');
  return {
    ...(typeof body.model === 'string' ? { responseModel: body.model } : {}),
    ...(typeof body.id === 'string' ? { responseId: body.id } : {}),
    ...(finishReasons.length > 0 ? { finishReasons } : {}),
    usage: { inputTokens: usage.promptTokens, outputTokens: usage.completionTokens, ...(usage.cachedPromptTokens ? { cacheReadInputTokens: usage.cachedPromptTokens } : {}), ...(usage.reasoningTokens ? { reasoningOutputTokens: usage.reasoningTokens } : {}) },
  };
}


/** The respond stage for one JSON answer: usage (reported or estimated), cost, headers, account, then the body. */
export async function respondJson(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, result: JsonResult, format: WireFormat, modelGroup: string): Promise<void> {
  const deployment = call.outcome?.deployment;
  if (typeof result.body.id === 'string') call.record.responseId = format.clientId?.(result.body.id) ?? result.body.id;
  call.usage = result.usage ?? estimatedUsage(spec, outputTextOf(result.body));
  call.record.costNanoUsd = priceCall(deps, spec, deployment, result, call.usage);
  if (call.upstreamTrace) call.endUpstream(answerFacts(result.body, call.usage));
  // post_call guardrails judge (and mask, or restore) the answer the client would get.
  const guarded = call.guard?.guardsAnswer ? await guardAnswer(deps, req, res, call, format.clientBody ? format.clientBody(result.body, call.usage) : result.body) : undefined;
  setAnswerHeaders(deps, req, res, call, call.outcome, modelGroup);
  setGuardrailHeader(res, call);
  setCostHeaders(res, call.record.costNanoUsd);
  const durable = call.settle();
  if (durable) await durable;
  if (guarded) {
    sendJsonText(res, 200, maskOf(deployment).maskText(JSON.stringify(guarded)));
    return;
  }
  const written = format.writeJson(res, result.body, call.usage, result.text, maskOf(deployment));
  // The cache keeps exactly what the client got; the object is only read for storability and the id.
  if (call.cachePlan) storeAnswer(deps, call, format.clientBody ? format.clientBody(result.body, call.usage) : result.body, written, call.usage, deployment);
}
