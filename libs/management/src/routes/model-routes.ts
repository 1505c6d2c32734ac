import { MASKED } from '../views/model-views.ts';
import { splitModel, teamOwnerOf } from '@switchboard/config';
import { deleteModel, findModelById, insertModel, updateModel, type ModelRecord } from '@switchboard/db';
import { PriceBook } from '@switchboard/pricing';
import { wildcardModelNames } from '@switchboard/router';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import { assertMaskedCredentialsStayHome } from './credential-destination.ts';
import { assertCredentialReference } from './credential-catalog.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { scopeOf } from '@switchboard/permissions';
import type { Caller } from '../auth/caller.ts';
import { deleteModelSchema, modelGroupQuery, modelInfoQuery, newModelSchema, patchModelSchema, updateModelSchema } from '../schemas/model-schemas.ts';
import { dbModelView, publicParams } from '../views/model-views.ts';
import { assertModelEntry } from './assert-model-entry.ts';
import { accessGroupsOfView, allModelViews, type ModelView } from './model-catalog.ts';
import { modelLevelsOf, modelVisible, teamsSeenBy } from './visible-models.ts';
import { assertTeamAdminModel, authorizeModelWrite, storedModelInfo, teamOfModel } from './team-model-writes.ts';

/** The maintained price table, read for the models a wildcard serves (no prices are computed here). */
const priceTable = new PriceBook();

function assertWritable(deps: ManagementDeps): void {
  if (!deps.storeModelInDb) throw new HttpError(400, 'Models are read from the config file: set STORE_MODEL_IN_DB=true (or general_settings.store_model_in_db) to add models through the API', { code: 'store_model_in_db_off' });
  if (!deps.cipher.canEncrypt) throw new HttpError(400, 'Refusing to store model credentials unencrypted: set SWITCHBOARD_SALT_KEY on the backend', { code: 'salt_key_missing' });
}

async function loadModel(deps: ManagementDeps, caller: Caller, id: string): Promise<ModelRecord> {
  const model = await findModelById(deps.db, deps.cipher, id);
  // Someone who writes no global model learns nothing of ids it may not write, not even whether one exists.
  if (!model && scopeOf(caller.role, 'model:write') !== 'all') authorize(caller, 'model:write');
  if (!model) throw new HttpError(404, 'No such model in the database (config-file models are changed in the file)', { code: 'model_not_found' });
  return model;
}

/** What a model update changes: `litellm_params` and `model_info` replace the stored ones when given. */
interface ModelChange {
  model_name?: string;
  litellm_params?: Record<string, unknown>;
  model_info?: Record<string, unknown>;
}

/**
 * LiteLLM's PATCH as a full change: the stored `litellm_params` with the patch's fields over them (a field set to
 * null is removed), and the stored `model_info` with the patch's non-null fields over it (LiteLLM ignores nulls
 * there). A stored credential the patch does not send is kept as a masked one is on /model/update: only while
 * every destination field stays the same (else the gateway would deliver it to a host the caller chose).
 */
function patchedModelChange(before: ModelRecord, patch: ModelChange): ModelChange {
  const params = patch.litellm_params && Object.fromEntries(Object.entries({ ...publicParams(before.params), ...patch.litellm_params }).filter(([, value]) => value !== null));
  // A deployment keeps its model: a patch may change it, not remove it (/model/update's own schema requires it).
  if (params && (typeof params.model !== 'string' || params.model === '')) throw new HttpError(400, 'litellm_params.model cannot be removed: send another model to change it', { param: 'litellm_params.model' });
  const info = patch.model_info && { ...before.modelInfo, ...Object.fromEntries(Object.entries(patch.model_info).filter(([, value]) => value !== null)) };
  return { ...(patch.model_name !== undefined ? { model_name: patch.model_name } : {}), ...(params ? { litellm_params: params } : {}), ...(info ? { model_info: info } : {}) };
}

/** Changes a database deployment: the one path of /model/update and its PATCH form, through the same checks. */
async function changeModel(deps: ManagementDeps, caller: Caller, before: ModelRecord, body: ModelChange) {
  const id = before.id;
  const modelName = body.model_name ?? before.modelName;
  // model_info replaces the stored one, but its team stays unless named: `team_id: null` makes a team model global.
  const beforeTeam = teamOfModel(before.modelName, before.modelInfo);
  const requestedInfo = !body.model_info ? before.modelInfo : 'team_id' in body.model_info || beforeTeam === undefined ? body.model_info : { ...body.model_info, team_id: beforeTeam };
  // Both the team it was and the team it becomes (a team admin neither moves a model out nor makes it global).
  const writer = await authorizeModelWrite(deps, caller, [beforeTeam, teamOfModel(modelName, requestedInfo)]);
  assertWritable(deps);
  if (writer === 'team_admin') assertTeamAdminModel(body.litellm_params ?? {}, body.model_info ?? {});
  if (body.litellm_params) assertMaskedCredentialsStayHome(before.params, body.litellm_params);
  const modelInfo = body.model_info || body.model_name ? await storedModelInfo(deps, modelName, requestedInfo) : undefined;
  const others = (await allModelViews(deps)).filter((view) => view.model_info.id !== id);
  assertModelEntry({ modelName, params: body.litellm_params ?? before.params, modelInfo: modelInfo ?? before.modelInfo }, others);
  // A credential sent back as the masked value it was shown as means "keep the stored one".
  const params = body.litellm_params && Object.fromEntries(Object.entries(body.litellm_params).map(([name, value]) => [name, value === MASKED && name in before.params ? before.params[name] : value]));
  if (params) await assertCredentialReference(deps, params);
  return applyChange(deps, caller, async (tx, audit) => {
    const model = (await updateModel(tx, deps.cipher, id, { modelName: body.model_name, params, modelInfo, updatedBy: caller.actor })) as ModelRecord;
    await audit({ action: 'model.update', table: 'models', objectId: id, before: dbModelView(before), after: dbModelView(model), invalidates: { entityType: 'model', action: 'update' } });
    return dbModelView(model);
  });
}

export function mountModelRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/model/new'],
    summary: 'Add a deployment to the database (STORE_MODEL_IN_DB); credentials are encrypted at rest',
    body: newModelSchema,
    async handler({ caller, body }) {
      const requestedInfo = body.model_info ?? {};
      const writer = await authorizeModelWrite(deps, caller, [teamOfModel(body.model_name, requestedInfo)]);
      assertWritable(deps);
      if (writer === 'team_admin') assertTeamAdminModel(body.litellm_params, requestedInfo);
      const modelInfo = await storedModelInfo(deps, body.model_name, requestedInfo);
      assertModelEntry({ modelName: body.model_name, params: body.litellm_params, modelInfo }, await allModelViews(deps));
      await assertCredentialReference(deps, body.litellm_params);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const id = typeof modelInfo.id === 'string' ? modelInfo.id : undefined;
          const model = await insertModel(tx, deps.cipher, { ...(id ? { id } : {}), modelName: body.model_name, params: body.litellm_params, modelInfo, createdBy: caller.actor });
          await audit({ action: 'model.new', table: 'models', objectId: model.id, after: dbModelView(model), invalidates: { entityType: 'model', action: 'insert' } });
          // LiteLLM answers /model/new with the stored row, whose id is `model_id`.
          return { model_id: model.id, ...dbModelView(model) };
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/model/update'],
    summary: 'Change a database deployment (litellm_params replaces the stored params)',
    body: updateModelSchema,
    async handler({ caller, body }) {
      const id = body.model_id ?? (typeof body.model_info?.id === 'string' ? body.model_info.id : undefined);
      if (!id) throw new HttpError(400, 'Give model_id (or model_info.id)', { param: 'model_id' });
      return changeModel(deps, caller, await loadModel(deps, caller, id), body);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'patch',
    paths: ['/model/:model_id/update'],
    summary: 'Change some fields of a database deployment (LiteLLM\'s PATCH): litellm_params and model_info are merged into the stored ones',
    body: patchModelSchema,
    async handler({ req, caller, body }) {
      const before = await loadModel(deps, caller, String(req.params.model_id));
      return changeModel(deps, caller, before, patchedModelChange(before, body));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/model/delete'],
    summary: 'Remove a database deployment',
    body: deleteModelSchema,
    async handler({ caller, body }) {
      const before = await loadModel(deps, caller, body.id);
      await authorizeModelWrite(deps, caller, [teamOfModel(before.modelName, before.modelInfo)]);
      assertWritable(deps);
      await applyChange(deps, caller, async (tx, audit) => {
        await deleteModel(tx, body.id);
        await audit({ action: 'model.delete', table: 'models', objectId: body.id, before: dbModelView(before), invalidates: { entityType: 'model', action: 'delete' } });
      });
      return { deleted: body.id };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/model/info', '/v1/model/info', '/v2/model/info'],
    summary: "Every deployment, from the config file and the database, secrets masked",
    query: modelInfoQuery,
    async handler({ caller, query }) {
      authorize(caller, 'model:read');
      const [views, levels, teams] = await Promise.all([allModelViews(deps), modelLevelsOf(deps.db, caller), teamsSeenBy(deps.db, caller)]);
      const exactNames = new Set(views.map((view) => view.model_name).filter((name) => !name.includes('*')));
      // A team's own model is shown to its team (and to those who see everything), by ownership, not by the lists.
      const visible = (view: ModelView) => {
        const team = teamOfModel(view.model_name, view.model_info);
        return team === undefined ? modelVisible(levels, view.model_name, accessGroupsOfView(view), exactNames) : teams === undefined || teams.has(team);
      };
      const data = views.filter((view) => visible(view) && (query.litellm_model_id === undefined || view.model_info.id === query.litellm_model_id) && (query.model === undefined || view.model_name === query.model));
      return { data };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/model_group/info'],
    summary: 'Deployments grouped by the public model name',
    query: modelGroupQuery,
    async handler({ caller, query }) {
      authorize(caller, 'model:read');
      const groups = new Map<string, { model_group: string; providers: Set<string>; deployments: number }>();
      const [allViews, levels, teams] = await Promise.all([allModelViews(deps), modelLevelsOf(deps.db, caller), teamsSeenBy(deps.db, caller)]);
      // Model groups are what a caller may name: a team's own models are groups for the team's callers only, and
      // then shadow a global group of the same name (as the gateway routes them); an admin names none of them.
      const ownNames = new Set<string>();
      for (const view of allViews) {
        const owner = teamOwnerOf(view.model_name, view.model_info);
        if (owner && teams?.has(owner.id)) ownNames.add(owner.publicName);
      }
      const views = allViews.filter((view) => {
        const team = teamOfModel(view.model_name, view.model_info);
        return team === undefined ? !ownNames.has(view.model_name) : teams?.has(team) === true;
      });
      const exactNames = new Set(views.map((view) => view.model_name).filter((name) => !name.includes('*')));
      const add = (name: string, provider: string, accessGroups: readonly string[], owned = false) => {
        if (query.model_group !== undefined && name !== query.model_group) return;
        if (!owned && !modelVisible(levels, name, accessGroups, exactNames)) return;
        const group = groups.get(name) ?? { model_group: name, providers: new Set<string>(), deployments: 0 };
        group.providers.add(provider);
        group.deployments++;
        groups.set(name, group);
      };
      for (const view of views) {
        const { provider, model } = splitModel(String(view.litellm_params.model ?? ''), view.litellm_params.custom_llm_provider);
        const accessGroups = accessGroupsOfView(view);
        const owner = teamOwnerOf(view.model_name, view.model_info);
        if (owner) {
          add(owner.publicName, provider, [], true);
          continue;
        }
        // A wildcard lists what it serves instead of itself (its provider's models in the maintained price table), as
        // LiteLLM expands it; only one whose models cannot be told is listed by its pattern.
        const served = view.model_name.includes('*') ? wildcardModelNames(view.model_name, [{ provider, model }], (p) => priceTable.modelsOf(p)) : [];
        if (served.length === 0) add(view.model_name, provider, accessGroups);
        for (const name of served) add(name, provider, accessGroups);
      }
      return { data: [...groups.values()].map((group) => ({ ...group, providers: [...group.providers] })) };
    },
  });
}
