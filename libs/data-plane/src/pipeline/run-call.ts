import type { Request, Response } from 'express';
import { ProviderError, type BinaryResult, type JsonResult, type StreamEvent } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { toHttpError } from '../to-http-error.ts';
import { admitCall, resolveModelGroup } from './admit-call.ts';
import { embedThroughGateway, hitFits, markCacheMiss, planCache, respondCached } from './cache-call.ts';
import { takeCacheField } from './take-cache-field.ts';
import { awaitDuringCall, guardRequest, setGuardrailHeader } from './guard-call.ts';
import { setAnswerHeaders } from './answer-headers.ts';
import type { CallSpec } from './call-spec.ts';
import { CallState } from './call-state.ts';
import { maskOf } from './mask-of.ts';
import { respondBinary } from './respond-binary.ts';
import { respondJson } from './respond-json.ts';
import { respondStream } from './respond-stream.ts';
import { routeCall } from './route-call.ts';

/**
 * THE request path of every model call, read top to bottom (the caller is already authenticated):
 * resolve the model group → the response cache's plan and (exact) lookup → authorize and admit → a hit
 * answers from the cache, else → route (retries, fallbacks, per-attempt deployment admission, the adapter call) →
 * respond (JSON, SSE or bytes) → account (metrics, limit settlement, the spend row). Endpoints only declare
 * what differs (CallSpec); none calls an adapter any other way.
 */
export async function runCall(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec): Promise<void> {
  const call = new CallState(deps, req, res, spec);
  try {
    const planned = resolveModelGroup(deps, req, spec, call);
    // Guardrails first: a blocked request is answered by nothing (not even the cache); a masked one is what
    // the cache keys and the limits count. An answer they guard is never cached (it may hold restored values).
    const guard = deps.guardrails ? await guardRequest(deps, req, res, spec, call) : undefined;
    const cacheField = takeCacheField(spec.body);
    const plan = guard?.guardsAnswer ? undefined : planCache(deps.cache, req, spec, planned, cacheField);
    // An exact cache is asked before admission, so a hit is admitted as one (nothing reserved; rate limits
    // per count_hits_in_limits). A semantic one embeds the prompt, an accounted call: only once admitted.
    let hit = plan && deps.cache && !deps.cache.isSemantic ? await deps.cache.lookup(plan) : undefined;
    const counted = deps.cache?.settings.countHitsInLimits !== false;
    let modelGroup = await admitCall(deps, req, res, spec, call, planned, hit ? (counted ? 'counted' : 'free') : undefined);
    if (plan && deps.cache?.isSemantic && deps.cache.settings.semantic) hit = await deps.cache.lookup(plan, embedThroughGateway(deps, req, res, deps.cache.settings.semantic.embeddingModel));
    if (hit && !hitFits(hit, call, modelGroup, planned)) {
      // Admitted as a free hit that cannot answer (another region or group): admitted again as a real call.
      if (!counted) {
        void call.admission?.settle({ ...call.record, costNanoUsd: 0 });
        modelGroup = await admitCall(deps, req, res, spec, call, planned);
      }
      hit = undefined;
    }
    if (plan && call.trace.isRecording) call.trace.setAttributes({ 'switchboard.cache.result': hit ? (hit.similarity !== undefined ? 'semantic_hit' : 'hit') : plan.lookup ? 'miss' : 'bypass' });
    if (plan && hit) {
      await respondCached(deps, req, res, spec, call, plan, hit, modelGroup);
      return;
    }
    if (plan && modelGroup === planned) markCacheMiss(res, call, plan);
    const local = spec.answerLocally?.(modelGroup);
    if (local) {
      setAnswerHeaders(deps, req, res, call, undefined, modelGroup);
      call.usage = local.usage;
      await call.settle();
      spec.format.writeJson(res, local.body, local.usage ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, undefined, maskOf(undefined));
      return;
    }
    const { outcome, format } = await routeCall(deps, req, spec, call, modelGroup);
    await awaitDuringCall(call);
    if (spec.respond === 'sse') await respondStream(deps, req, res, spec, call, outcome.result as AsyncIterable<StreamEvent>, format, outcome.modelGroup);
    else if (spec.respond === 'binary') await respondBinary(deps, req, res, spec, call, outcome.result as BinaryResult, outcome.modelGroup);
    else await respondJson(deps, req, res, spec, call, outcome.result as JsonResult, format, outcome.modelGroup);
  } catch (err) {
    const error = toHttpError(err);
    call.record.status = call.clientAborted ? 499 : error.status;
    setGuardrailHeader(res, call);
    call.record.errorType = err instanceof ProviderError ? err.kind : error.code ?? 'internal';
    await call.settle();
    if (call.clientAborted || res.headersSent) {
      if (!res.writableEnded) res.destroy();
    } else spec.format.sendError(res, error);
  } finally {
    call.settle();
  }
}
