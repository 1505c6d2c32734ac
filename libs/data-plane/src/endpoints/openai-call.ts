import type { RequestOperation } from '@switchboard/guardrails';
import type { JsonOperation, JsonResult, StreamOperation } from '@switchboard/providers';
import { imagesIn, imageUsageOf } from './image-usage.ts';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { openAiWireFormat } from '../wire-format.ts';

/**
 * Images are priced per image (`output_cost_per_image`, else OpenAI's published DALL·E prices for the request's
 * size and quality), else by the image and text tokens a gpt-image answer reports.
 */
function imagePricing(body: Record<string, unknown>): Pick<CallSpec, 'cost' | 'pricedBy' | 'estimateUsage'> {
  const request = { ...(typeof body.size === 'string' ? { size: body.size } : {}), ...(typeof body.quality === 'string' ? { quality: body.quality } : {}) };
  return {
    pricedBy: 'image',
    cost: (priceBook, deployment, result) => {
      const json = result as JsonResult;
      return priceBook.imageCost(deployment, imagesIn(json), imageUsageOf(json), request).nanoUsd;
    },
    // The answer's image count and usage are what is priced; a prompt-token estimate would only mislead.
    estimateUsage: () => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0, estimated: true }),
  };
}

/** The operations whose requests carry text the guardrails check, by their guardrail shape. */
const GUARDED: Partial<Record<JsonOperation, RequestOperation>> = { chat: 'chat', completions: 'completions', embeddings: 'embeddings', responses: 'responses' };

function guardOf(operation: JsonOperation, body: Record<string, unknown>): Pick<CallSpec, 'guard'> {
  const shape = GUARDED[operation];
  if (!shape) return {};
  return {
    guard: {
      operation: shape,
      body: () => body,
      // In place: the attempt below sends this object.
      replace(masked) {
        for (const field of Object.keys(body)) delete body[field];
        Object.assign(body, masked);
      },
      strip() {
        if ('guardrails' in body) delete body.guardrails;
      },
    },
  };
}

/**
 * An OpenAI-format call (chat, completions, embeddings, images, moderations, responses): the adapter's
 * json or stream, answered in OpenAI's wire. `route` names the call in records; `model` defaults to the body's.
 */
export function openAiCall(operation: JsonOperation, route: string, body: Record<string, unknown>, model: string = typeof body.model === 'string' ? body.model : ''): CallSpec {
  const stream = body.stream === true;
  const options = body.stream_options as { include_usage?: boolean } | null | undefined;
  return {
    route,
    model,
    body,
    countAs: operation,
    ...(operation === 'images' ? imagePricing(body) : {}),
    ...guardOf(operation, body),
    respond: stream ? 'sse' : 'json',
    format: openAiWireFormat({ clientWantsUsage: options?.include_usage === true, endMarker: operation !== 'responses' }),
    takesOverrides: true,
    attempt(deployment, adapter, overrides) {
      if (!adapter.supports(operation, stream)) throw unsupported({ route, model }, deployment.provider);
      const sent = overrides ? { ...body, ...overrides } : body;
      return {
        call: (target, ctx) => (stream ? adapter.stream(operation as StreamOperation, sent, target, ctx) : adapter.json(operation, sent, target, ctx)),
      };
    },
  };
}
