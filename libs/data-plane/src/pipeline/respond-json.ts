import type { Request, Response } from 'express';
import type { JsonResult, Usage } from '@switchboard/providers';
import type { UpstreamCallEnd } from '@switchboard/telemetry';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { maskOf } from './mask-of.ts';
import { clientBodyOf, type WireFormat } from '../wire-format.ts';
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


/**
 * The respond stage for one JSON answer: usage (reported or estimated), cost, headers, account, then the body.
 * Not an async function: it waits only for what it must (post-call guardrails, an account that must be durable
 * first) and returns undefined when it answered at once, so the usual call spends no promise here.
 */
export function respondJson(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, result: JsonResult, format: WireFormat, modelGroup: string): Promise<void> | undefined {
  const deployment = call.outcome?.deployment;
  if (typeof result.body.id === 'string') call.record.responseId = format.clientId?.(result.body.id) ?? result.body.id;
  const usage = (call.usage = result.usage ?? estimatedUsage(spec, outputTextOf(result.body)));
  call.record.costNanoUsd = priceCall(deps, spec, deployment, result, usage);
  if (call.upstreamTrace) call.endUpstream(answerFacts(result.body, usage));
  const answer: JsonAnswer = { result, usage, format, modelGroup };
  // post_call guardrails judge (and mask, or restore) the answer the client would get.
  if (call.guard?.guardsAnswer) {
    return guardAnswer(deps, req, res, call, clientBodyOf(format, result.body, usage)).then((guarded) => answerJson(deps, req, res, call, answer, guarded));
  }
  return answerJson(deps, req, res, call, answer, undefined);
}

/** What the answer's last steps need of the upstream's answer. */
interface JsonAnswer {
  result: JsonResult;
  usage: Usage;
  format: WireFormat;
  modelGroup: string;
}

/** Headers, the account (awaited when it must be durable before the answer), then the body. */
function answerJson(deps: DataPlaneDeps, req: Request, res: Response, call: CallState, answer: JsonAnswer, guarded: Record<string, unknown> | undefined): Promise<void> | undefined {
  setAnswerHeaders(deps, req, res, call, call.outcome, answer.modelGroup);
  setGuardrailHeader(res, call);
  setCostHeaders(res, call.record.costNanoUsd);
  if (deps.storePayloads) call.answerBody = guarded ?? clientBodyOf(answer.format, answer.result.body, answer.usage);
  const durable = call.settle();
  if (durable) return durable.then(() => sendAnswer(deps, res, call, answer, guarded));
  sendAnswer(deps, res, call, answer, guarded);
  return undefined;
}

/** The body: what post-call guardrails let through when they judged it (written again: it may hold restored values), else the upstream's own text. */
function sendAnswer(deps: DataPlaneDeps, res: Response, call: CallState, { result, usage, format }: JsonAnswer, guarded: Record<string, unknown> | undefined): void {
  const deployment = call.outcome?.deployment;
  if (guarded) {
    sendJsonText(res, 200, maskOf(deployment).maskText(JSON.stringify(guarded)));
    return;
  }
  const written = format.writeJson(res, result.body, usage, result.text, maskOf(deployment));
  // The cache keeps exactly what the client got; the object is only read for storability and the id.
  if (call.cachePlan) storeAnswer(deps, call, clientBodyOf(format, result.body, usage), written, usage, deployment);
}
