import { listModels } from '@switchboard/db';
import type { ManagementDeps } from '../deps.ts';
import { configModelView, dbModelView } from '../views/model-views.ts';

export type ModelView = ReturnType<typeof configModelView> | ReturnType<typeof dbModelView>;

/** Every deployment the gateway routes to: the config file's and the database's, as `/model/info` shows them. */
export async function allModelViews(deps: ManagementDeps): Promise<ModelView[]> {
  const stored = deps.cipher.canEncrypt || deps.storeModelInDb ? (await listModels(deps.reader ?? deps.db, deps.cipher, { pageSize: 500 })).items : [];
  return [...deps.configDeployments.map(configModelView), ...stored.map(dbModelView)];
}

/** A deployment's `model_info.access_groups` (names only; anything else was refused when it was stored). */
export function accessGroupsOfView(view: Pick<ModelView, 'model_info'>): string[] {
  const groups = (view.model_info as Record<string, unknown>).access_groups;
  return Array.isArray(groups) ? groups.filter((name): name is string => typeof name === 'string' && name !== '') : [];
}

/** Access group → the model names (wildcard names included) whose deployments name it, as the gateway's router builds it. */
export function accessGroupsOfViews(views: readonly ModelView[]): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const view of views) {
    for (const group of accessGroupsOfView(view)) {
      const list = members.get(group) ?? [];
      if (!list.includes(view.model_name)) list.push(view.model_name);
      members.set(group, list);
    }
  }
  return members;
}

/**
 * The access groups a key's ceiling check needs: read only when the key names models at all, so a key
 * created without a models list costs no model listing.
 */
export async function accessGroupsOfModels(deps: ManagementDeps, requested: readonly string[] | undefined): Promise<Map<string, string[]>> {
  return requested && requested.length > 0 ? accessGroupsOfViews(await allModelViews(deps)) : new Map();
}
