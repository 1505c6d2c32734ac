import { checkWildcard, ConfigError, splitModel } from '@switchboard/config';
import { HttpError } from '@switchboard/service-kit';
import { accessGroupsOfViews, type ModelView } from './model-catalog.ts';

/**
 * A deployment stored through `/model/new` or `/model/update` must load as the config file's would: the gateway
 * reads the database's deployments through the same config builder, where a wildcard on an unknown provider or
 * an access group named like a model is a config error. Refused here with 400, naming the field.
 */
export function assertModelEntry(entry: { modelName: string; params: Record<string, unknown>; modelInfo: Record<string, unknown> }, others: readonly ModelView[]): void {
  const groups = entry.modelInfo.access_groups;
  if (groups !== undefined && (!Array.isArray(groups) || groups.some((name) => typeof name !== 'string' || name.trim() === ''))) {
    throw new HttpError(400, 'model_info.access_groups must be a list of non-empty access group names', { param: 'model_info.access_groups' });
  }
  const { provider, model } = splitModel(String(entry.params.model), entry.params.custom_llm_provider);
  try {
    checkWildcard({ modelGroup: entry.modelName, provider, model });
  } catch (err) {
    if (err instanceof ConfigError) throw new HttpError(400, err.message.replace(/^model_list: /, ''), { param: 'litellm_params.model' });
    throw err;
  }
  const modelNames = new Set([...others.map((view) => view.model_name), entry.modelName]);
  for (const group of (groups ?? []) as string[]) {
    if (modelNames.has(group)) throw new HttpError(400, `access group "${group}" is also a model_name: a models list could not tell them apart`, { param: 'model_info.access_groups' });
  }
  if (accessGroupsOfViews(others).has(entry.modelName)) throw new HttpError(400, `model_name "${entry.modelName}" is already an access group`, { param: 'model_name' });
  // A deployment's id keys its cooldowns and its rpm/tpm counters in the gateway: a second deployment under a config
  // model's id (which the database alone would let through) would share them, a team model with a global one.
  const id = entry.modelInfo.id;
  if (id !== undefined && others.some((view) => String(view.model_info.id) === String(id))) throw new HttpError(400, `model_info.id "${String(id)}" is another deployment's`, { param: 'model_info.id' });
}
