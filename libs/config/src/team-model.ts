/**
 * A team's own deployment (LiteLLM's "team models": `/model/new` with `model_info.team_id`). Its keys call it by
 * its public name; nobody else reaches it by any name. The router keys it under an internal group name, so a
 * team model never merges with a global group of the same public name, nor with another team's.
 */
export interface TeamModelOwner {
  /** The team the deployment belongs to (`model_info.team_id`). */
  id: string;
  /** The name the team's keys send (`model_info.team_public_model_name`, else `model_name`). */
  publicName: string;
}

/**
 * LiteLLM's prefix for a team model's stored name (`model_name_<team>_<uuid>`): reserved, so a global model
 * cannot take a name a team's group is keyed by.
 */
export const TEAM_MODEL_PREFIX = 'model_name_';

/** The owner a deployment entry names, if any. A row LiteLLM stored keeps its public name in `team_public_model_name`. */
export function teamOwnerOf(modelName: string, modelInfo: Readonly<Record<string, unknown>> | undefined): TeamModelOwner | undefined {
  const teamId = modelInfo?.team_id;
  if (typeof teamId !== 'string' || teamId === '') return undefined;
  const publicName = modelInfo?.team_public_model_name;
  return { id: teamId, publicName: typeof publicName === 'string' && publicName !== '' ? publicName : modelName };
}

/** The router's group for a team's public name: internal, never resolved from a name a client sends. */
export function teamModelGroup(owner: TeamModelOwner): string {
  return `${TEAM_MODEL_PREFIX}${owner.id}_${owner.publicName}`;
}
