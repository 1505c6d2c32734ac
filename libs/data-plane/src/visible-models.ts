import type { Request } from 'express';
import { modelAllowed } from '@switchboard/permissions';
import type { PriceBook } from '@switchboard/pricing';
import { wildcardModelNames, type Router } from '@switchboard/router';

export type ModelLevels = readonly (readonly string[])[];

/** The `models` lists that bound the caller (key, team or user, organization); none for the master key. */
export function modelLevelsOf(req: Request): ModelLevels {
  if (req.keyContext) return req.keyContext.modelLists;
  const models = req.principal?.models;
  return models && models.length > 0 ? [models] : [];
}

export interface ListingOptions {
  /** LiteLLM's `return_wildcard_routes`: the wildcard names themselves (`anthropic/*`) too. */
  wildcardRoutes?: boolean;
  /** LiteLLM's `include_model_access_groups`: the access group names the caller may use too. */
  accessGroups?: boolean;
  /** The caller's team: its own models (LiteLLM's team models) are listed by their public names. */
  teamId?: string;
}

const allows = (levels: ModelLevels, name: string, groups: readonly string[]) => levels.length === 0 || modelAllowed(levels, name, groups);

/** Access groups a caller may use: those every level leaves open or names. */
export function visibleAccessGroups(router: Router, levels: ModelLevels): string[] {
  return [...router.accessGroups().keys()].filter((group) => allows(levels, group, [group]));
}

/**
 * The model names a caller may call, as `/v1/models` lists them (LiteLLM's get_complete_model_list): every
 * model group the caller's lists allow, and for each wildcard the price table's models of its provider that
 * the lists allow (a team-restricted key sees its team's models only).
 */
export function visibleModelNames(router: Router, priceBook: PriceBook, levels: ModelLevels, options: ListingOptions = {}): string[] {
  const names = new Set<string>();
  for (const group of router.groupNames()) {
    if (!group.includes('*')) {
      if (allows(levels, group, router.accessGroupsOf(group))) names.add(group);
      continue;
    }
    const deployments = router.deploymentsOf(group);
    const groups = [...new Set(deployments.flatMap((deployment) => deployment.accessGroups ?? []))];
    if (options.wildcardRoutes && allows(levels, group, groups)) names.add(group);
    for (const name of wildcardModelNames(group, deployments, (provider) => priceBook.modelsOf(provider))) if (allows(levels, name, groups)) names.add(name);
  }
  // A team's own models are its by ownership: only the key's own list (the first level) narrows them.
  if (options.teamId !== undefined) for (const name of router.teamModels(options.teamId).keys()) if (allows(levels.slice(0, 1), name, [])) names.add(name);
  if (options.accessGroups) for (const group of visibleAccessGroups(router, levels)) names.add(group);
  return [...names];
}

/** The group one model name means to the caller (its team's own model, a group, an alias target or a name a wildcard serves), when the caller may call it. */
export function visibleGroup(router: Router, levels: ModelLevels, name: string, teamId?: string): string | undefined {
  const teamGroup = teamId !== undefined ? router.teamGroupOf(teamId, name) : undefined;
  if (teamGroup !== undefined) return allows(levels.slice(0, 1), name, []) ? teamGroup : undefined;
  const group = router.resolveGroup(name);
  return group !== undefined && allows(levels, group, router.accessGroupsOf(group)) ? group : undefined;
}

/** Whether the caller may call one model name (see visibleGroup). */
export function modelVisible(router: Router, levels: ModelLevels, name: string, teamId?: string): boolean {
  return visibleGroup(router, levels, name, teamId) !== undefined;
}
