import { ConfigError } from './config-error.ts';
import { generalSettingsSchema, litellmSettingsSchema, routerSettingsSchema } from './config-schema.ts';
import type { GatewayConfig, RouterSettings } from './gateway-config.ts';
import { routerSettingsOf } from './router-settings-of.ts';

/**
 * The settings `/config/update` may change while the gateways run: each gateway lays them over its config file
 * when the change's invalidation reaches it (and at start). Everything else is read once at start, from the file.
 */
export const LIVE_ROUTER_SETTINGS = [
  'routing_strategy',
  'num_retries',
  'allowed_fails',
  'cooldown_time',
  'retry_after',
  'fallbacks',
  'context_window_fallbacks',
  'content_policy_fallbacks',
  'default_fallbacks',
  'model_group_alias',
  'enable_tag_filtering',
] as const;
export const LIVE_LITELLM_SETTINGS = ['num_retries', 'fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks', 'default_fallbacks'] as const;

/** The `general_settings` `/config/update` may change while the gateways run, besides alerting's (libs/telemetry). */
export const LIVE_GENERAL_SETTINGS = ['store_prompts_in_spend_logs'] as const;

/** The stored sections (LiteLLM's `LiteLLM_Config` rows), by section name. */
export interface StoredConfig {
  router_settings?: Record<string, unknown>;
  litellm_settings?: Record<string, unknown>;
  general_settings?: Record<string, unknown>;
}

/**
 * `store_prompts_in_spend_logs` as `/config/update` stored it (LiteLLM's dashboard toggles it there), or undefined when
 * it stored none: the config file's (or the environment's) applies then. Throws ConfigError for a value that is no
 * boolean (the route refuses those; a row written by hand could hold one).
 */
export function storedPromptsOverride(stored: StoredConfig): boolean | undefined {
  const value = objectOr(stored.general_settings).store_prompts_in_spend_logs;
  if (value === undefined || value === null) return undefined;
  const parsed = generalSettingsSchema.shape.store_prompts_in_spend_logs.safeParse(value);
  if (!parsed.success || parsed.data == null) throw new ConfigError(`general_settings.store_prompts_in_spend_logs: ${JSON.stringify(value)} is no boolean`);
  return parsed.data;
}

function objectOr(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The router's settings with the stored sections over the file's: a stored key replaces the file's, except
 * `model_group_alias`, whose entries are added to the file's (as in LiteLLM, the database cannot take away an
 * alias the file sets). Throws ConfigError naming the first invalid value.
 */
export function routerSettingsWithOverrides(sections: GatewayConfig['sections'], stored: StoredConfig): RouterSettings {
  const fileRouter = sections.routerSettings;
  const storedRouter = objectOr(stored.router_settings);
  const aliases = { ...objectOr(fileRouter.model_group_alias), ...objectOr(storedRouter.model_group_alias) };
  const rs = routerSettingsSchema.safeParse({ ...fileRouter, ...storedRouter, model_group_alias: aliases });
  if (!rs.success) throw new ConfigError(`router_settings.${rs.error.issues[0]?.path.join('.') ?? ''}: ${rs.error.issues[0]?.message ?? 'invalid'}`);
  const ls = litellmSettingsSchema.safeParse({ ...sections.litellmSettings, ...objectOr(stored.litellm_settings) });
  if (!ls.success) throw new ConfigError(`litellm_settings.${ls.error.issues[0]?.path.join('.') ?? ''}: ${ls.error.issues[0]?.message ?? 'invalid'}`);
  return routerSettingsOf(rs.data, ls.data);
}
