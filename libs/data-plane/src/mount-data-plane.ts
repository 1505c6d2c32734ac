import type { RequestHandler } from 'express';
import type { ServiceApp } from '@switchboard/service-kit';
import { authenticate, type AuthenticateOptions } from './authenticate.ts';
import type { DataPlaneDeps } from './data-plane-deps.ts';
import { audioSpeechCall } from './endpoints/audio-speech-call.ts';
import { audioTextCall } from './endpoints/audio-text-call.ts';
import { audioFormLimits, readAudioForm } from './endpoints/read-audio-form.ts';
import { openAiCall } from './endpoints/openai-call.ts';
import { rerankCall, rerankRequestSchema } from './endpoints/rerank-call.ts';
import { jsonBody } from './json-body.ts';
import { listModels, retrieveModel } from './models-handlers.ts';
import { mountFilesApi } from './files/mount-files-api.ts';
import { mountBatchesApi } from './batches/mount-batches-api.ts';
import { routeGate } from './route-gate.ts';
import { spendCalculateCall, spendCalculateRequestSchema } from './endpoints/spend-calculate-call.ts';
import { tokenCounterCall, tokenCounterRequestSchema } from './endpoints/token-counter-call.ts';
import { transformRequestCall, transformRequestSchema } from './endpoints/transform-request-call.ts';
import { supportedOpenAIParams } from './supported-params-handler.ts';
import { callHandler, markPipelineHandler } from './pipeline/call-handler.ts';
import { runCall } from './pipeline/run-call.ts';
import { fanOutChat, fanOutModels } from './endpoints/fan-out.ts';
import { defaultModerationModel } from './endpoints/moderation-model.ts';
import { JSON_ENDPOINTS, speechRequestSchema, validateBody, type JsonEndpoint } from './request-schemas.ts';

/** Both spellings of every OpenAI path: with and without the `/v1` prefix. */
const both = (path: string) => [`/v1${path}`, path];

/** The Azure OpenAI SDK's paths: the deployment in the path is the model; the same call as the plain path. */
const AZURE_DEPLOYMENT_PATHS: ReadonlyArray<[suffix: string, path: string]> = [
  ['/chat/completions', '/chat/completions'],
  ['/completions', '/completions'],
  ['/embeddings', '/embeddings'],
  ['/images/generations', '/images/generations'],
];

/**
 * The OpenAI-compatible data plane. Each route: authenticate → parse the body → validate into a CallSpec →
 * the pipeline (pipeline/run-call.ts: authorize and admit → route → respond → account).
 */
export function mountDataPlane(service: ServiceApp, deps: DataPlaneDeps, auth: AuthenticateOptions): void {
  const authn = authenticate(auth);
  const json = jsonBody(deps.maxRequestBytes);
  const schemas = new Map(JSON_ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]));
  for (const { path, operation, schema, isValid } of JSON_ENDPOINTS) {
    const handler =
      operation === 'chat'
        ? chatHandler(deps, schema, isValid)
        : callHandler(deps, (req) => {
            const body = validateBody(schema, req.body, isValid);
            return openAiCall(operation, path, body, operation === 'moderations' && body.model === undefined ? defaultModerationModel(deps.router) : undefined);
          });
    for (const route of both(path)) service.plainRoute('post', route, authn, ...json, handler);
  }
  for (const [suffix, path] of AZURE_DEPLOYMENT_PATHS) {
    const { operation, schema, isValid } = schemas.get(path)!;
    const handler = callHandler(deps, (req) => {
      const deployment = String(req.params.deployment);
      // The model comes from the path; a body without one is valid here, as with Azure itself.
      const body = validateBody(schema, { ...(req.body as Record<string, unknown>), model: deployment }, isValid);
      return openAiCall(operation, path, body, deployment);
    });
    service.route('post', `/openai/deployments/:deployment${suffix}`, authn, ...json, handler);
  }
  const speech = callHandler(deps, (req) => audioSpeechCall(validateBody(speechRequestSchema, req.body)));
  for (const route of both('/audio/speech')) service.route('post', route, authn, ...json, speech);
  // Multipart bodies are parsed by the handler as they stream in (no body parser runs before it).
  const limits = audioFormLimits(deps.maxRequestBytes);
  for (const kind of ['transcriptions', 'translations'] as const) {
    const handler = callHandler(deps, async (req) => {
      const { form, model, fileSeconds } = await readAudioForm(req, limits);
      return audioTextCall(kind, form, model, fileSeconds);
    });
    for (const route of both(`/audio/${kind}`)) service.route('post', route, authn, handler);
  }
  const rerank = callHandler(deps, (req) => rerankCall(validateBody(rerankRequestSchema, req.body)));
  for (const route of both('/rerank')) service.route('post', route, authn, ...json, rerank);
  const tokenCounter = callHandler(deps, (req) => tokenCounterCall(deps, validateBody(tokenCounterRequestSchema, req.body)));
  service.route('post', '/utils/token_counter', authn, ...json, tokenCounter);
  const transformRequest = callHandler(deps, (req) => transformRequestCall(deps, validateBody(transformRequestSchema, req.body)));
  service.route('post', '/utils/transform_request', authn, ...json, transformRequest);
  service.route('get', '/utils/supported_openai_params', authn, supportedOpenAIParams(deps));
  const spendCalculate = callHandler(deps, (req) => spendCalculateCall(deps, validateBody(spendCalculateRequestSchema, req.body)));
  service.route('post', '/spend/calculate', authn, ...json, spendCalculate);
  for (const route of both('/models')) service.route('get', route, authn, listModels(deps));
  for (const route of both('/models/:model')) service.route('get', route, authn, retrieveModel(deps));
  mountFilesApi(service, deps, authn);
  mountBatchesApi(service, deps, authn, routeGate);
}

/** Chat completions: one model, or several (`"model": "a,b"`) fanned out as sub-calls, each through the pipeline. */
function chatHandler(deps: DataPlaneDeps, schema: JsonEndpoint['schema'], isValid?: JsonEndpoint['isValid']): RequestHandler {
  // Not async: the pipeline's own promise is the handler's (one promise and one microtask turn fewer per call).
  // The route chain takes a throw and a rejection alike.
  return markPipelineHandler(function chatCompletions(req, res) {
    const models = fanOutModels((req.body as { model?: unknown } | undefined)?.model);
    const body = validateBody(schema, req.body, isValid);
    return models ? fanOutChat(deps, req, res, body, models) : runCall(deps, req, res, openAiCall('chat', '/chat/completions', body));
  });
}
