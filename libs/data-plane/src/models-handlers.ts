import type { RequestHandler } from 'express';
import { HttpError } from '@switchboard/service-kit';
import type { DataPlaneDeps } from './data-plane-deps.ts';
import type { Principal } from '@switchboard/contracts';

const CREATED = Math.floor(Date.now() / 1000);

function visibleGroups(deps: DataPlaneDeps, principal: Principal | undefined): string[] {
  const groups = deps.router.groupNames();
  const allowed = principal?.models;
  if (!allowed || allowed.length === 0) return groups;
  return groups.filter((group) => allowed.includes(group));
}

const modelObject = (id: string) => ({ id, object: 'model', created: CREATED, owned_by: 'switchboard' });

export function listModels(deps: DataPlaneDeps): RequestHandler {
  return function listModelsHandler(req, res) {
    res.json({ object: 'list', data: visibleGroups(deps, req.principal).map(modelObject) });
  };
}

export function retrieveModel(deps: DataPlaneDeps): RequestHandler {
  return function retrieveModelHandler(req, res) {
    const id = String(req.params.model);
    if (!visibleGroups(deps, req.principal).includes(id)) throw new HttpError(404, `The model "${id}" does not exist or you do not have access to it`, { code: 'model_not_found', param: 'model' });
    res.json(modelObject(id));
  };
}
