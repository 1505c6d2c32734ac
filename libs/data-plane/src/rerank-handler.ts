import type { RequestHandler } from 'express';
import { z } from 'zod';
import { nanoToUsdString } from '@switchboard/pricing';
import { ProviderError, type JsonResult } from '@switchboard/providers';
import { sendError } from '@switchboard/service-kit';
import type { Admission } from './admission.ts';
import type { CallRecord } from './call-record.ts';
import { secretMaskOf, targetOf, type DataPlaneDeps } from './data-plane-deps.ts';
import { validateBody } from './request-schemas.ts';
import { toHttpError } from './to-http-error.ts';

const nowMs = () => performance.timeOrigin + performance.now();

/** Cohere's rerank request, the format LiteLLM's `/rerank` takes; other fields pass to the provider. */
export const rerankRequestSchema = z
  .object({
    model: z.string({ required_error: 'model is required' }).min(1),
    query: z.string({ required_error: 'query is required' }).min(1),
    documents: z.array(z.union([z.string(), z.object({ text: z.string() }).passthrough()])).min(1, 'documents must not be empty'),
    top_n: z.number().int().positive().optional(),
    return_documents: z.boolean().optional(),
    max_tokens_per_doc: z.number().int().positive().optional(),
  })
  .passthrough();

/**
 * `POST /v1/rerank` and `/rerank`: route to the model group, admit it like an embeddings call (input
 * only, no output tokens), call the adapter's `rerank`, answer in Cohere's shape
 * `{id, results: [{index, relevance_score}], meta}`. One call record per request.
 */
export function rerank(deps: DataPlaneDeps, route: string): RequestHandler {
  return async function rerankHandler(req, res) {
    const body = validateBody(rerankRequestSchema, req.body);
    const controller = new AbortController();
    res.on('close', () => !res.writableFinished && controller.abort());
    const startTime = nowMs();
    const model = req.principal?.aliases?.[body.model] ?? body.model;
    let status = 200;
    let errorType: string | undefined;
    let admission: Admission | undefined;
    let outcome;
    let costNanoUsd = 0;
    try {
      const group = deps.router.resolveGroup(model);
      if (group !== undefined && deps.admit) {
        admission = await deps.admit(req, { modelGroup: group, operation: 'embeddings', body, route });
        if (admission) for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
      }
      outcome = await deps.router.route(
        model,
        async (deployment) => {
          const adapter = deps.adapterFor(deployment.provider);
          if (!adapter.rerank) throw new ProviderError('unsupported', 400, `rerank is not supported by provider ${deployment.provider}`, { code: 'unsupported_operation' });
          return adapter.rerank(body, targetOf(deployment), { signal: controller.signal, requestId: req.requestId });
        },
        { signal: controller.signal },
      );
      const result: JsonResult = outcome.result;
      // Priced like any other call from the usage the provider bills (model_info prices or the table);
      // a budgeted key cannot reach an unpriced rerank model (the admission refuses it).
      if (result.usage) costNanoUsd = deps.priceBook.cost(outcome.deployment, result.usage).nanoUsd;
      res.status(200).set({ 'x-switchboard-deployment': outcome.deployment.id, 'x-switchboard-response-cost': nanoToUsdString(costNanoUsd) }).type('application/json').send(secretMaskOf(outcome.deployment).maskText(JSON.stringify(result.body)));
    } catch (err) {
      const error = toHttpError(err);
      status = error.status;
      errorType = err instanceof ProviderError ? err.kind : 'internal';
      sendError(res, error);
    } finally {
      outcome?.finish();
      const record: CallRecord = {
        requestId: req.requestId,
        route,
        ...(req.principal ? { principal: req.principal } : {}),
        requestedModel: body.model,
        ...(outcome ? { modelGroup: outcome.modelGroup, deploymentId: outcome.deployment.id, provider: outcome.deployment.provider } : {}),
        stream: false,
        costNanoUsd,
        status: controller.signal.aborted ? 499 : status,
        ...(errorType ? { errorType } : {}),
        startTime,
        endTime: nowMs(),
        attempts: outcome?.attempts ?? 0,
        clientAborted: controller.signal.aborted,
      };
      if (admission) Promise.resolve(admission.settle(record)).catch((err: unknown) => deps.logger.warn({ err, requestId: req.requestId }, 'settling limits failed'));
      deps.onSettled?.(record);
    }
  };
}
