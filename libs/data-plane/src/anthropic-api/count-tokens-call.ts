import type { Request, Response } from 'express';
import { countPromptTokens } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { validateBody } from '../request-schemas.ts';
import { anthropicCountTokensRequestSchema } from './anthropic-request-schema.ts';
import { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';
import { nativeAnthropicFormat } from './anthropic-wire-formats.ts';
import { clientBetas } from './client-betas.ts';
import { addHeader } from '@switchboard/service-kit';

/** Says where the number came from: Anthropic's own count, or our tokenizer's approximation. */
export const TOKEN_COUNT_HEADER = 'x-switchboard-token-count';

/**
 * `POST /v1/messages/count_tokens`, authorized, limited and accounted like any call (a spend row at no
 * cost). A model group served only by Anthropic deployments asks Anthropic (through the router, so
 * retries and cooldowns apply); any other group is counted locally with the o200k tokenizer, which only
 * approximates other providers' tokenizers (the header says `estimated`).
 */
export function countTokensCall(deps: DataPlaneDeps, req: Request, res: Response): CallSpec {
  const request = validateBody(anthropicCountTokensRequestSchema, req.body);
  const betas = clientBetas(req);
  const translated = anthropicToOpenAIRequest(request).body;
  const route = '/messages/count_tokens';
  return {
    route,
    model: request.model,
    body: translated,
    countAs: 'chat',
    respond: 'json',
    format: nativeAnthropicFormat,
    answerLocally(modelGroup) {
      const native = deps.router.deploymentsOf(modelGroup).every((deployment) => deps.adapterFor(deployment.provider).messages !== undefined);
      if (native) return undefined;
      addHeader(res, TOKEN_COUNT_HEADER, 'estimated');
      return { body: { input_tokens: countPromptTokens('chat', translated) } };
    },
    attempt(deployment, adapter) {
      const api = adapter.messages;
      if (!api) throw unsupported({ route, model: request.model }, deployment.provider);
      return {
        async call(target, ctx) {
          const counted = await api.countTokens(req.body as Record<string, unknown>, target, ctx, { betas });
          addHeader(res, TOKEN_COUNT_HEADER, 'upstream');
          return { body: { input_tokens: counted.inputTokens } };
        },
      };
    },
    // Counting tokens costs nothing and produces none.
    estimateUsage: () => ({ promptTokens: 0, completionTokens: 0, totalTokens: 0, estimated: true }),
    cost: () => 0,
    pricedBy: 'tokens',
  };
}
