import type { Request, Response } from 'express';
import { ProviderError, type BinaryResult, type JsonResult, type StreamEvent } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { toHttpError } from '../to-http-error.ts';
import { resolveModelGroup } from './admit-call.ts';
import { admitThroughCache, respondCached } from './cache-call.ts';
import { takeCacheField } from './take-cache-field.ts';
import { awaitDuringCall, guardRequest, setGuardrailHeader } from './guard-call.ts';
import { setAnswerHeaders, setFailureHeaders } from './answer-headers.ts';
import type { CallSpec } from './call-spec.ts';
import { CallState } from './call-state.ts';
import { maskOf } from './mask-of.ts';
import { respondBinary } from './respond-binary.ts';
import { respondJson } from './respond-json.ts';
import { respondStream } from './respond-stream.ts';
import { routeCall } from './route-call.ts';
import { checkEndUser } from './check-end-user.ts';

/**
 * THE request path of every model call, read top to bottom (the caller is already authenticated):
 * resolve the model group → guardrails on the request (guard-call.ts) → the response cache around authorize
 * and admit (cache-call.ts: a hit answers from the cache) → route (retries, fallbacks, per-attempt deployment admission, the adapter call) →
 * respond (JSON, SSE or bytes) → account (metrics, limit settlement, the spend row). Endpoints only declare
 * what differs (CallSpec); none calls an adapter any other way.
 */
export async function runCall(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec): Promise<void> {
  const call = new CallState(deps, req, res, spec);
  try {
    checkEndUser(call.record);
    const planned = resolveModelGroup(deps, req, spec, call);
    // Guardrails first: a blocked request is answered by nothing (not even the cache); a masked one is what
    // the cache keys and the limits count. An answer they guard is never cached (it may hold restored values).
    const guard = deps.guardrails ? await guardRequest(deps, req, res, spec, call) : undefined;
    // Nor is a mock answer (router-controls.ts), which a request asking for one may get.
    const cacheable = guard?.guardsAnswer !== true && spec.body.mock_response === undefined;
    const admitting = admitThroughCache(deps, req, res, spec, call, planned, takeCacheField(spec.body), cacheable);
    // Awaited only when admission has something to wait for (a key's limits, an end user's lookup, the cache).
    const { modelGroup, plan, hit } = admitting instanceof Promise ? await admitting : admitting;
    if (plan && hit) {
      await respondCached(deps, req, res, spec, call, plan, hit, modelGroup);
      return;
    }
    const answering = spec.answerLocally?.(modelGroup, req.requestId);
    const local = answering instanceof Promise ? await answering : answering;
    if (local) {
      setAnswerHeaders(deps, req, res, call, undefined, modelGroup);
      call.usage = local.usage;
      if (deps.storePayloads) call.answerBody = local.body;
      await call.settle();
      spec.format.writeJson(res, local.body, local.usage ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, undefined, maskOf(undefined));
      return;
    }
    const { outcome, format } = await routeCall(deps, req, spec, call, modelGroup);
    // Awaited only when there is something to wait for: each await is a promise and a turn of the microtask queue.
    if (call.guardDuring) await awaitDuringCall(call);
    if (spec.respond === 'sse') await respondStream(deps, req, res, spec, call, outcome.result as AsyncIterable<StreamEvent>, format, outcome.modelGroup);
    else if (spec.respond === 'binary') await respondBinary(deps, req, res, spec, call, outcome.result as BinaryResult, outcome.modelGroup);
    else {
      // A JSON answer usually goes out at once (respondJson returns undefined): awaited only when it waits.
      const responding = respondJson(deps, req, res, spec, call, outcome.result as JsonResult, format, outcome.modelGroup);
      if (responding) await responding;
    }
  } catch (err) {
    const error = toHttpError(err);
    call.record.status = call.clientAborted ? 499 : error.status;
    setGuardrailHeader(res, call);
    call.record.errorType = err instanceof ProviderError ? err.kind : error.code ?? 'internal';
    call.record.errorMessage = error.message;
    await call.settle();
    if (call.clientAborted || res.headersSent) {
      if (!res.writableEnded) res.destroy();
    } else {
      setFailureHeaders(deps, req, res, call);
      spec.format.sendError(res, error);
    }
  } finally {
    call.settle();
  }
}
