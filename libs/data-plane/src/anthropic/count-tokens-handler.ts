import type { RequestHandler } from 'express';
import { countPromptTokens, ProviderError } from '@switchboard/providers';
import { targetOf, type DataPlaneDeps } from '../data-plane-deps.ts';
import { validateBody } from '../request-schemas.ts';
import { toHttpError } from '../to-http-error.ts';
import { anthropicCountTokensRequestSchema } from './anthropic-request-schema.ts';
import { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';
import { clientBetas } from './client-betas.ts';

/** Says where the number came from: Anthropic's own count, or our tokenizer's approximation. */
export const TOKEN_COUNT_HEADER = 'x-switchboard-token-count';

/**
 * `POST /v1/messages/count_tokens`. A model group served only by Anthropic deployments asks Anthropic
 * (through the router, so retries and cooldowns apply); any other group is counted locally with the o200k
 * tokenizer, which only approximates other providers' tokenizers (the header says `estimated`).
 */
export function countTokensHandler(deps: DataPlaneDeps): RequestHandler {
  return async function anthropicCountTokens(req, res) {
    const request = validateBody(anthropicCountTokensRequestSchema, req.body);
    const betas = clientBetas(req);
    const model = req.principal?.aliases?.[request.model] ?? request.model;
    const group = deps.router.resolveGroup(model);
    if (group === undefined) throw toHttpError(new ProviderError('not_found', 404, `Model "${request.model}" does not exist or is not available`, { code: 'model_not_found', param: 'model' }));

    const native = deps.router.deploymentsOf(group).every((deployment) => deps.adapterFor(deployment.provider).messages !== undefined);
    if (!native) {
      const inputTokens = countPromptTokens('chat', anthropicToOpenAIRequest(request).body);
      res.set(TOKEN_COUNT_HEADER, 'estimated').json({ input_tokens: inputTokens });
      return;
    }
    const controller = new AbortController();
    res.on('close', () => !res.writableFinished && controller.abort());
    let outcome;
    try {
      outcome = await deps.router.route(
        model,
        async (deployment) => {
          const api = deps.adapterFor(deployment.provider).messages;
          if (!api) throw new ProviderError('unsupported', 400, `count_tokens is not supported by provider ${deployment.provider}`);
          return api.countTokens(req.body as Record<string, unknown>, targetOf(deployment), { signal: controller.signal, requestId: req.requestId }, { betas });
        },
        { signal: controller.signal },
      );
      res.set({ [TOKEN_COUNT_HEADER]: 'upstream', 'x-switchboard-deployment': outcome.deployment.id }).json({ input_tokens: outcome.result.inputTokens });
    } catch (err) {
      throw toHttpError(err);
    } finally {
      outcome?.finish();
    }
  };
}
