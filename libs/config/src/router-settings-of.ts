import type { z } from 'zod';
import type { litellmSettingsSchema, routerSettingsSchema } from './config-schema.ts';
import type { RouterSettings } from './gateway-config.ts';

export type RouterSettingsSection = z.output<typeof routerSettingsSchema>;
export type LitellmSettingsSection = z.output<typeof litellmSettingsSchema>;

const DEFAULT_TIMEOUT_S = 600;

/** A deployment's timeout when it sets none: `router_settings.timeout`, else `litellm_settings.request_timeout`, else 600 s. */
export function defaultTimeoutS(rs: RouterSettingsSection, ls: LitellmSettingsSection): number {
  return rs.timeout ?? ls.request_timeout ?? DEFAULT_TIMEOUT_S;
}

/** One table from LiteLLM's list-of-maps form; a target named twice (in both sections, or twice in one) counts once. */
function mergeFallbacks(...lists: (Record<string, string[]>[] | undefined)[]): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const list of lists) for (const entry of list ?? []) for (const [group, targets] of Object.entries(entry)) merged[group] = [...new Set([...(merged[group] ?? []), ...targets])];
  return merged;
}

/** The router's settings from the two sections that carry them (router_settings wins where both do; fallbacks add up). */
export function routerSettingsOf(rs: RouterSettingsSection, ls: LitellmSettingsSection): RouterSettings {
  const modelGroupAlias: Record<string, string> = {};
  for (const [alias, target] of Object.entries(rs.model_group_alias ?? {})) modelGroupAlias[alias] = typeof target === 'string' ? target : target.model;
  return {
    routingStrategy: rs.routing_strategy === 'usage-based-routing-v2' ? 'usage-based-routing' : (rs.routing_strategy ?? 'simple-shuffle'),
    numRetries: rs.num_retries ?? ls.num_retries ?? 2,
    fallbacks: mergeFallbacks(rs.fallbacks, ls.fallbacks),
    contextWindowFallbacks: mergeFallbacks(rs.context_window_fallbacks, ls.context_window_fallbacks),
    contentPolicyFallbacks: mergeFallbacks(rs.content_policy_fallbacks, ls.content_policy_fallbacks),
    defaultFallbacks: rs.default_fallbacks ?? ls.default_fallbacks ?? [],
    allowedFails: rs.allowed_fails ?? 3,
    cooldownMs: Math.round((rs.cooldown_time ?? 5) * 1000),
    timeoutMs: Math.round(defaultTimeoutS(rs, ls) * 1000),
    ...(rs.stream_timeout !== undefined ? { streamTimeoutMs: Math.round(rs.stream_timeout * 1000) } : {}),
    retryBackoffMs: Math.round((rs.retry_after ?? 0.1) * 1000),
    modelGroupAlias,
    tagFiltering: rs.enable_tag_filtering ?? false,
    ...(rs.redis_url ?? rs.redis_host ? { redisUrl: rs.redis_url ?? `redis://${rs.redis_password ? `:${encodeURIComponent(rs.redis_password)}@` : ''}${rs.redis_host}:${rs.redis_port ?? 6379}` } : {}),
  };
}

/** Fallback tables naming a model group no deployment serves (a warning: DB models may come later). */
export function fallbackWarnings(settings: RouterSettings, groups: ReadonlySet<string>): string[] {
  const warnings: string[] = [];
  for (const [kind, table] of [['fallbacks', settings.fallbacks], ['context_window_fallbacks', settings.contextWindowFallbacks], ['content_policy_fallbacks', settings.contentPolicyFallbacks]] as const) {
    for (const [group, targets] of Object.entries(table)) {
      for (const target of [group, ...targets]) if (!groups.has(target) && !settings.modelGroupAlias[target]) warnings.push(`router_settings.${kind}: model group "${target}" has no deployment`);
    }
  }
  return warnings;
}

/**
 * The router's settings under LiteLLM's `router_settings` names, as `/get/config/callbacks` answers them (what
 * LiteLLM's `Router.get_settings` lists; never the Redis address, which may carry a password).
 */
export function routerSettingsView(settings: RouterSettings): Record<string, unknown> {
  const table = (fallbacks: Record<string, string[]>) => Object.entries(fallbacks).map(([group, targets]) => ({ [group]: targets }));
  return {
    routing_strategy: settings.routingStrategy,
    num_retries: settings.numRetries,
    timeout: settings.timeoutMs / 1000,
    ...(settings.streamTimeoutMs !== undefined ? { stream_timeout: settings.streamTimeoutMs / 1000 } : {}),
    allowed_fails: settings.allowedFails,
    cooldown_time: settings.cooldownMs / 1000,
    retry_after: settings.retryBackoffMs / 1000,
    fallbacks: table(settings.fallbacks),
    context_window_fallbacks: table(settings.contextWindowFallbacks),
    content_policy_fallbacks: table(settings.contentPolicyFallbacks),
    default_fallbacks: settings.defaultFallbacks,
    model_group_alias: settings.modelGroupAlias,
    enable_tag_filtering: settings.tagFiltering,
  };
}
