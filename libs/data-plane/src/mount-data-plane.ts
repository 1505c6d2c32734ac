import type { RequestHandler } from 'express';
import type { ServiceApp } from '@switchboard/service-kit';
import { authenticate, type AuthenticateOptions } from './authenticate.ts';
import { multipartBody, speech, transcription } from './audio-handlers.ts';
import type { DataPlaneDeps } from './data-plane-deps.ts';
import { jsonBody } from './json-body.ts';
import { listModels, retrieveModel } from './models-handlers.ts';
import { proxyCall } from './proxy-call.ts';
import { rerank } from './rerank-handler.ts';
import {
  chatRequestSchema,
  completionRequestSchema,
  embeddingRequestSchema,
  imageRequestSchema,
  isValidChatRequest,
  isValidCompletionRequest,
  isValidEmbeddingRequest,
  moderationRequestSchema,
  responsesRequestSchema,
  validateBody,
} from './request-schemas.ts';
import type { JsonOperation } from '@switchboard/providers';
import type { z } from 'zod';

type Schema = z.ZodType<Record<string, unknown> & { model?: string; stream?: boolean }>;

type FastCheck = (body: Record<string, unknown>) => boolean;

function openAiHandler(deps: DataPlaneDeps, operation: JsonOperation, route: string, schema: Schema, isValid?: FastCheck): RequestHandler {
  return async function openAiEndpoint(req, res) {
    const body = validateBody(schema, req.body, isValid);
    const stream = body.stream === true;
    const options = (body as { stream_options?: { include_usage?: boolean } | null }).stream_options;
    await proxyCall(deps, req, res, { operation, route, body, stream, clientWantsUsage: options?.include_usage === true });
  };
}

/** Both spellings of every OpenAI path: with and without the `/v1` prefix. */
const both = (path: string) => [`/v1${path}`, path];

/**
 * The OpenAI-compatible data plane, in pipeline order per route: authenticate → parse and inspect the
 * body → validate → route, call the provider, respond → account.
 */
export function mountDataPlane(service: ServiceApp, deps: DataPlaneDeps, auth: AuthenticateOptions): void {
  const authn = authenticate(auth);
  const json = jsonBody(deps.maxRequestBytes);
  const jsonEndpoints: [string, JsonOperation, Schema, FastCheck?][] = [
    ['/chat/completions', 'chat', chatRequestSchema as Schema, isValidChatRequest],
    ['/completions', 'completions', completionRequestSchema as Schema, isValidCompletionRequest],
    ['/embeddings', 'embeddings', embeddingRequestSchema as Schema, isValidEmbeddingRequest],
    ['/images/generations', 'images', imageRequestSchema as Schema],
    ['/moderations', 'moderations', moderationRequestSchema as Schema],
    ['/responses', 'responses', responsesRequestSchema as Schema],
  ];
  for (const [path, operation, schema, isValid] of jsonEndpoints) {
    for (const route of both(path)) service.plainRoute('post', route, authn, ...json, openAiHandler(deps, operation, path, schema, isValid));
  }
  for (const route of both('/audio/speech')) service.route('post', route, authn, ...json, speech(deps, '/audio/speech'));
  for (const route of both('/audio/transcriptions')) service.route('post', route, authn, multipartBody(deps.maxRequestBytes), transcription(deps, '/audio/transcriptions'));
  for (const route of both('/rerank')) service.route('post', route, authn, ...json, rerank(deps, '/rerank'));
  for (const route of both('/models')) service.route('get', route, authn, listModels(deps));
  for (const route of both('/models/:model')) service.route('get', route, authn, retrieveModel(deps));
}
