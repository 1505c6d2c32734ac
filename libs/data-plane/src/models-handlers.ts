import type { RequestHandler } from 'express';
import { z } from 'zod';
import { HttpError } from '@switchboard/service-kit';
import type { DataPlaneDeps } from './data-plane-deps.ts';
import { modelLevelsOf, modelVisible, visibleAccessGroups, visibleModelNames } from './visible-models.ts';

const CREATED = Math.floor(Date.now() / 1000);

/** LiteLLM's query flags are Python booleans in the URL (`True`); anything else is refused, not read as false. */
const flag = z.enum(['true', 'True', 'false', 'False', '1', '0']).transform((value) => value === 'true' || value === 'True' || value === '1').optional();
const listQuerySchema = z
  .object({ return_wildcard_routes: flag, include_model_access_groups: flag, only_model_access_groups: flag })
  .passthrough();

const modelObject = (id: string) => ({ id, object: 'model', created: CREATED, owned_by: 'switchboard' });

/** `/v1/models`: what the caller's key, team and user may call; `?only_model_access_groups=True` lists access groups. */
export function listModels(deps: DataPlaneDeps): RequestHandler {
  return function listModelsHandler(req, res) {
    const parsed = listQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, `${issue?.path.join('.') ?? 'query'}: must be True or False`, { param: String(issue?.path[0] ?? '') });
    }
    const query = parsed.data;
    const levels = modelLevelsOf(req);
    const names = query.only_model_access_groups
      ? visibleAccessGroups(deps.router, levels)
      : visibleModelNames(deps.router, deps.priceBook, levels, { wildcardRoutes: query.return_wildcard_routes ?? false, accessGroups: query.include_model_access_groups ?? false, ...(req.principal?.teamId !== undefined ? { teamId: req.principal.teamId } : {}) });
    res.json({ object: 'list', data: names.map(modelObject) });
  };
}

export function retrieveModel(deps: DataPlaneDeps): RequestHandler {
  return function retrieveModelHandler(req, res) {
    const id = String(req.params.model);
    if (!modelVisible(deps.router, modelLevelsOf(req), id, req.principal?.teamId)) throw new HttpError(404, `The model "${id}" does not exist or you do not have access to it`, { code: 'model_not_found', param: 'model' });
    res.json(modelObject(id));
  };
}
