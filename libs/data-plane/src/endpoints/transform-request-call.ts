import { z } from 'zod';
import { captureUpstreamCall, type JsonOperation } from '@switchboard/providers';
import { HttpError } from '@switchboard/service-kit';
import { secretMaskOf, targetOf, type DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { JSON_ENDPOINTS, validateBody } from '../request-schemas.ts';
import { answeredLocally } from './local-answer.ts';
import { openAiCall } from './openai-call.ts';
import { rawRequestOf } from './raw-request-of.ts';

/** LiteLLM's call types (both spellings, `completion` and `acompletion`) for the operations the gateway serves. */
const OPERATION_OF: Readonly<Record<string, JsonOperation>> = {
  completion: 'chat',
  text_completion: 'completions',
  embedding: 'embeddings',
  image_generation: 'images',
  moderation: 'moderations',
  responses: 'responses',
};
const CALL_TYPES = Object.keys(OPERATION_OF).flatMap((name) => [name, `a${name}`]);

/** LiteLLM's `TransformRequestBody`. */
export const transformRequestSchema = z
  .object({
    call_type: z.string({ required_error: 'call_type is required' }).refine((name) => CALL_TYPES.includes(name), { message: `call_type must be one of ${CALL_TYPES.join(', ')}` }),
    request_body: z.record(z.unknown(), { required_error: 'request_body is required', invalid_type_error: 'request_body must be an object' }),
  })
  .strict();

/**
 * LiteLLM's `POST /utils/transform_request`: the request the model's provider would get for `request_body` (a call
 * of `call_type`), `{raw_request_api_base, raw_request_body, raw_request_headers}`, with no credential in it
 * (raw-request-of.ts). Built by the same code as the call itself (the endpoint's call spec, the adapter), stopped
 * where the adapter would send it (captureUpstreamCall; the mock provider shows the OpenAI request it stands for). It
 * goes through the pipeline like the call would (the key's models and limits, the guardrails on the request, a spend
 * row at no cost); the deployment is the model group's first.
 */
export function transformRequestCall(deps: DataPlaneDeps, body: z.output<typeof transformRequestSchema>): CallSpec {
  // The schema took only CALL_TYPES: a name, or `a` and a name.
  const operation = OPERATION_OF[body.call_type] ?? OPERATION_OF[body.call_type.slice(1)];
  const endpoint = JSON_ENDPOINTS.find((candidate) => candidate.operation === operation);
  if (!endpoint) throw new HttpError(400, `call_type must be one of ${CALL_TYPES.join(', ')}`, { param: 'call_type', code: 'invalid_request' });
  const request = validateBody(endpoint.schema, body.request_body, endpoint.isValid);
  const call = openAiCall(endpoint.operation, endpoint.path, request);
  return {
    route: '/utils/transform_request',
    model: call.model,
    body: call.body,
    countAs: call.countAs,
    ...(call.guard ? { guard: call.guard } : {}),
    ...answeredLocally(async (modelGroup, requestId) => {
      const deployment = deps.router.deploymentsOf(modelGroup)[0];
      // Never undefined here (admission resolved the group to its deployments), but answering nothing would route the call.
      if (!deployment) throw new HttpError(404, `The model group ${modelGroup} has no deployment`, { param: 'request_body.model', code: 'model_not_found' });
      const attempt = call.attempt(deployment, deps.adapterFor(deployment.provider));
      const captured = await captureUpstreamCall((ctx) => attempt.call(targetOf(deployment), ctx), requestId);
      // Every adapter's json and stream build a request (the mock's too): one that answered without is a bug, not a client error.
      if (!captured) throw new Error(`The ${deployment.provider} adapter answered without building an upstream request`);
      return { body: rawRequestOf(captured, secretMaskOf(deployment)) };
    }),
  };
}
