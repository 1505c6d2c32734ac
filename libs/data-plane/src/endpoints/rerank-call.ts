import { z } from 'zod';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { openAiWireFormat } from '../wire-format.ts';

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
 * `POST /v1/rerank`: the adapter's `rerank`, answered in Cohere's shape `{id, results: [{index,
 * relevance_score}], meta}`; admitted like an embeddings call (input only) and priced from the usage the
 * provider bills.
 */
export function rerankCall(body: z.output<typeof rerankRequestSchema>): CallSpec {
  const route = '/rerank';
  return {
    route,
    model: body.model,
    body,
    countAs: 'embeddings',
    respond: 'json',
    format: openAiWireFormat({ clientWantsUsage: false, endMarker: false }),
    attempt(deployment, adapter) {
      if (!adapter.rerank) throw unsupported({ route, model: body.model }, deployment.provider);
      const rerank = adapter.rerank.bind(adapter);
      return { call: (target, ctx) => rerank(body, target, ctx) };
    },
    estimateUsage: () => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0, estimated: true }),
  };
}
