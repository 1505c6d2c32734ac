import type { Request, RequestHandler } from 'express';
import { knownProviders, parseModelString } from '@switchboard/providers';
import { HttpError } from '@switchboard/service-kit';
import type { DataPlaneDeps } from './data-plane-deps.ts';
import { modelLevelsOf, visibleGroup } from './visible-models.ts';

/**
 * LiteLLM's `GET /utils/supported_openai_params?model=`: `{supported_openai_params: [...]}`, the OpenAI chat fields
 * the model's provider takes (each adapter's `chatParams`). A model the caller may call is read through its group:
 * the fields every one of its deployments takes, since routing may pick any of them. Any other name is read as
 * LiteLLM reads it, `provider/model` or a bare name the price table knows, which tells nothing of this gateway's
 * models; the rest is LiteLLM's 400 `Could not map model=…`.
 */
export function supportedOpenAIParams(deps: DataPlaneDeps): RequestHandler {
  return function supportedOpenAIParamsHandler(req, res) {
    const model = req.query.model;
    if (typeof model !== 'string' || model === '') throw new HttpError(400, 'model: give the model to list the supported parameters of (?model=...)', { param: 'model', code: 'model_required' });
    const params = paramsOfGroup(deps, req, model) ?? paramsOfModelString(deps, model);
    if (!params) throw new HttpError(400, `Could not map model=${model}`, { param: 'model', code: 'model_not_found' });
    res.json({ supported_openai_params: params });
  };
}

function paramsOfGroup(deps: DataPlaneDeps, req: Request, model: string): readonly string[] | undefined {
  const group = visibleGroup(deps.router, modelLevelsOf(req), model, req.principal?.teamId);
  const deployments = group === undefined ? [] : deps.router.deploymentsOf(group);
  if (deployments.length === 0) return undefined;
  const [first, ...rest] = deployments.map((deployment) => deps.adapterFor(deployment.provider).chatParams);
  return rest.reduce<readonly string[]>((common, params) => common.filter((param) => params.includes(param)), first as readonly string[]);
}

function paramsOfModelString(deps: DataPlaneDeps, model: string): readonly string[] | undefined {
  const providers = knownProviders();
  if (model.includes('/')) {
    // `openai/` or `/gpt-4o` name no model (parseModelString refuses them).
    const provider = model.startsWith('/') || model.endsWith('/') ? undefined : parseModelString(model).provider;
    return provider !== undefined && providers.includes(provider) ? deps.adapterFor(provider).chatParams : undefined;
  }
  const provider = providers.find((name) => name !== 'mock' && deps.priceBook.knowsModel(name, model));
  return provider === undefined ? undefined : deps.adapterFor(provider).chatParams;
}
