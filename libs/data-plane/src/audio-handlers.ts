import express, { type RequestHandler } from 'express';
import { nanoToUsdString } from '@switchboard/pricing';
import { ProviderError, type BinaryResult, type JsonResult } from '@switchboard/providers';
import { HttpError, sendError } from '@switchboard/service-kit';
import { secretMaskOf, targetOf, type DataPlaneDeps } from './data-plane-deps.ts';
import { speechRequestSchema, validateBody } from './request-schemas.ts';
import { toHttpError } from './to-http-error.ts';

const nowMs = () => performance.timeOrigin + performance.now();

/** `POST /v1/audio/speech`: JSON in, the upstream's audio bytes streamed back. */
export function speech(deps: DataPlaneDeps, route: string): RequestHandler {
  return async function speechHandler(req, res) {
    const body = validateBody(speechRequestSchema, req.body);
    const controller = new AbortController();
    res.on('close', () => !res.writableFinished && controller.abort());
    const startTime = nowMs();
    let status = 200;
    let outcome;
    try {
      outcome = await deps.router.route(
        body.model,
        async (deployment) => {
          const adapter = deps.adapterFor(deployment.provider);
          if (!adapter.speech || !adapter.supports('audio_speech')) throw new ProviderError('unsupported', 400, `audio speech is not supported by provider ${deployment.provider}`);
          return adapter.speech(body, targetOf(deployment), { signal: controller.signal, requestId: req.requestId });
        },
        { signal: controller.signal },
      );
      const result: BinaryResult = outcome.result;
      res.status(200).set({ 'content-type': result.contentType, 'x-switchboard-deployment': outcome.deployment.id });
      for await (const chunk of result.body) res.write(chunk);
      res.end();
    } catch (err) {
      const error = toHttpError(err);
      status = error.status;
      sendError(res, error);
    } finally {
      outcome?.finish();
      deps.onSettled?.({ requestId: req.requestId, route, ...(req.principal ? { principal: req.principal } : {}), requestedModel: body.model, ...(outcome ? { modelGroup: outcome.modelGroup, deploymentId: outcome.deployment.id, provider: outcome.deployment.provider } : {}), stream: false, costNanoUsd: 0, status, startTime, endTime: nowMs(), attempts: outcome?.attempts ?? 0, clientAborted: controller.signal.aborted });
    }
  };
}

/** Multipart parsing for `POST /v1/audio/transcriptions`, within the body limit. */
export function multipartBody(limitBytes: number): RequestHandler {
  return express.raw({ type: 'multipart/form-data', limit: limitBytes });
}

export function transcription(deps: DataPlaneDeps, route: string): RequestHandler {
  return async function transcriptionHandler(req, res) {
    if (!Buffer.isBuffer(req.body)) throw new HttpError(400, 'Send the audio as multipart/form-data with "file" and "model" fields', { code: 'invalid_body' });
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    } catch {
      throw new HttpError(400, 'Malformed multipart body', { code: 'invalid_body' });
    }
    const model = form.get('model');
    if (typeof model !== 'string' || model === '') throw new HttpError(400, 'model is required', { param: 'model' });
    if (!(form.get('file') instanceof Blob)) throw new HttpError(400, 'file is required', { param: 'file' });
    for (const key of form.keys()) if (['api_base', 'base_url', 'api_key'].includes(key)) throw new HttpError(400, `"${key}" is not allowed`, { param: key, code: 'forbidden_parameter' });
    const controller = new AbortController();
    res.on('close', () => !res.writableFinished && controller.abort());
    const startTime = nowMs();
    let status = 200;
    let outcome;
    let cost = 0;
    try {
      outcome = await deps.router.route(
        model,
        async (deployment) => {
          const adapter = deps.adapterFor(deployment.provider);
          if (!adapter.transcription || !adapter.supports('audio_transcriptions')) throw new ProviderError('unsupported', 400, `audio transcription is not supported by provider ${deployment.provider}`);
          return adapter.transcription(form, targetOf(deployment), { signal: controller.signal, requestId: req.requestId });
        },
        { signal: controller.signal },
      );
      const result: JsonResult = outcome.result;
      if (result.usage) cost = deps.priceBook.cost(outcome.deployment, result.usage).nanoUsd;
      res.status(200).set({ 'x-switchboard-deployment': outcome.deployment.id, 'x-switchboard-response-cost': nanoToUsdString(cost) }).type('application/json').send(secretMaskOf(outcome.deployment).maskText(JSON.stringify(result.body)));
    } catch (err) {
      const error = toHttpError(err);
      status = error.status;
      sendError(res, error);
    } finally {
      outcome?.finish();
      deps.onSettled?.({ requestId: req.requestId, route, ...(req.principal ? { principal: req.principal } : {}), requestedModel: model, ...(outcome ? { modelGroup: outcome.modelGroup, deploymentId: outcome.deployment.id, provider: outcome.deployment.provider } : {}), stream: false, costNanoUsd: cost, status, startTime, endTime: nowMs(), attempts: outcome?.attempts ?? 0, clientAborted: controller.signal.aborted });
    }
  };
}
