import type { Deployment } from '@switchboard/config';
import { isCredentialField, type ModelRecord } from '@switchboard/db';

/** How a stored credential is shown; sent back unchanged in an update, it keeps the stored value. */
export const MASKED = '********';

/** Credentials are never returned: their names stay visible (so the UI can say "set"), their values do not. */
export function publicParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, isCredentialField(name) && value !== null && value !== undefined ? MASKED : value]));
}

export function dbModelView(model: ModelRecord) {
  return {
    model_name: model.modelName,
    litellm_params: publicParams(model.params),
    model_info: { ...model.modelInfo, id: model.id, db_model: true, created_at: model.createdAt.toISOString(), updated_at: model.updatedAt.toISOString() },
  };
}

/** The config file's deployment, rebuilt as `litellm_params` from its resolved form, minus the resolved key. */
export function configModelView(deployment: Deployment) {
  const litellmParams: Record<string, unknown> = {
    model: `${deployment.provider}/${deployment.model}`,
    ...(deployment.apiBase ? { api_base: deployment.apiBase } : {}),
    ...(deployment.rpm !== undefined ? { rpm: deployment.rpm } : {}),
    ...(deployment.tpm !== undefined ? { tpm: deployment.tpm } : {}),
    ...(deployment.weight !== undefined ? { weight: deployment.weight } : {}),
    timeout: deployment.timeoutMs / 1000,
    ...deployment.params,
  };
  if (deployment.apiKey !== undefined) litellmParams.api_key = deployment.apiKey;
  // The config builder moves prices out of model_info; they are put back under their reference names.
  const { inputPerToken, outputPerToken, cacheReadPerToken, cacheCreationPerToken, reasoningPerToken, inputPerCharacter, inputPerSecond, outputPerSecond, minimumBillableSeconds } = deployment.prices;
  const prices = {
    ...(inputPerToken !== undefined ? { input_cost_per_token: inputPerToken } : {}),
    ...(outputPerToken !== undefined ? { output_cost_per_token: outputPerToken } : {}),
    ...(cacheReadPerToken !== undefined ? { cache_read_input_token_cost: cacheReadPerToken } : {}),
    ...(cacheCreationPerToken !== undefined ? { cache_creation_input_token_cost: cacheCreationPerToken } : {}),
    ...(reasoningPerToken !== undefined ? { output_cost_per_reasoning_token: reasoningPerToken } : {}),
    ...(inputPerCharacter !== undefined ? { input_cost_per_character: inputPerCharacter } : {}),
    ...(inputPerSecond !== undefined ? { input_cost_per_second: inputPerSecond } : {}),
    ...(outputPerSecond !== undefined ? { output_cost_per_second: outputPerSecond } : {}),
    ...(minimumBillableSeconds !== undefined ? { minimum_billable_duration_seconds: minimumBillableSeconds } : {}),
  };
  return {
    model_name: deployment.modelGroup,
    litellm_params: publicParams(litellmParams),
    model_info: { ...deployment.modelInfo, ...prices, id: deployment.id, db_model: false },
  };
}
