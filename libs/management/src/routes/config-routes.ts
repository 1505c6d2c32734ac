import { ConfigError, fallbackWarnings, generalSettingsSchema, LIVE_GENERAL_SETTINGS, LIVE_LITELLM_SETTINGS, LIVE_ROUTER_SETTINGS, litellmSettingsSchema, routerSettingsSchema, routerSettingsView, routerSettingsWithOverrides, type GatewayConfig, type StoredConfig } from '@switchboard/config';
import { lockProxyConfigSection, readProxyConfig, writeProxyConfigSection } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { ALERT_SETTING_KEYS, alertSettingsWithOverrides, type AlertSettings } from '@switchboard/telemetry';
import type { z } from 'zod';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { configUpdateSchema } from '../schemas/config-schemas.ts';
import { configuredCallbacks } from './configured-callbacks.ts';

type Section = 'router_settings' | 'litellm_settings' | 'general_settings';
type Changes = { set: Record<string, unknown>; unset: string[] };

const EMPTY_SECTIONS: GatewayConfig['sections'] = { routerSettings: {}, litellmSettings: {}, generalSettings: {} };

// general_settings: only alerting and store_prompts_in_spend_logs are applied while the gateways run; the rest is read at start.
const LIVE: Record<Section, readonly string[]> = { router_settings: LIVE_ROUTER_SETTINGS, litellm_settings: LIVE_LITELLM_SETTINGS, general_settings: [...ALERT_SETTING_KEYS, ...LIVE_GENERAL_SETTINGS] };
const SCHEMA: Record<Section, z.ZodTypeAny> = { router_settings: routerSettingsSchema, litellm_settings: litellmSettingsSchema, general_settings: generalSettingsSchema };

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function refused(param: string, message: string): HttpError {
  return new HttpError(400, message, { param, code: 'config_not_changeable' });
}

/**
 * What a section's request changes: live keys are set (null: the stored value goes, the file's applies again);
 * any other key is accepted only when it repeats what runs now (LiteLLM's Terraform provider writes back the
 * whole `router_settings` it read), else refused with its name, since it is read from the file at start.
 */
function changesOf(section: Section, requested: Record<string, unknown> | undefined, now: Record<string, unknown>): Changes {
  const changes: Changes = { set: {}, unset: [] };
  for (const [key, value] of Object.entries(requested ?? {})) {
    if (LIVE[section].includes(key)) {
      if (value === null) changes.unset.push(key);
      else changes.set[key] = value;
    } else if (value !== null && !sameValue(value, now[key])) {
      throw refused(`${section}.${key}`, `${section}.${key} cannot be changed while the proxy runs: set it in the config file. /config/update changes ${LIVE[section].join(', ')}`);
    }
  }
  // Each value as the config file's schema reads it (the live keys are all in it, so nothing else slips through);
  // alerting's are checked whole by the caller, as the gateways will read them.
  const schema = SCHEMA[section];
  const parsed = (schema as z.ZodObject<z.ZodRawShape>).partial().safeParse(changes.set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `${section}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { param: `${section}.${String(issue?.path[0] ?? '')}`, code: 'invalid_config' });
  }
  return changes;
}

/** A webhook URL's path is its secret: shown as its origin and a mask. */
function maskedWebhook(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return `${new URL(url).origin}/********`;
  } catch {
    return '********';
  }
}

/** LiteLLM's `alerts` entry of `/get/config/callbacks` for the alerting in force, webhooks masked. */
function alertsView(settings: AlertSettings | undefined, env: Readonly<Record<string, string | undefined>>): Record<string, unknown>[] {
  if (!settings) return [];
  return [
    {
      name: 'slack',
      variables: { SLACK_WEBHOOK_URL: maskedWebhook(env.SLACK_WEBHOOK_URL) },
      active_alerts: [...settings.types],
      alerts_to_webhook: Object.fromEntries([...settings.destinations].map(([type, urls]) => [type, urls.map(maskedWebhook)])),
    },
  ];
}

function applied(stored: Record<string, unknown>, changes: Changes): Record<string, unknown> {
  const next = { ...stored, ...changes.set };
  for (const key of changes.unset) delete next[key];
  return next;
}

/**
 * LiteLLM's config endpoints. `/config/update` stores router settings (and the router settings LiteLLM also
 * reads from `litellm_settings`) and `general_settings`' alerting and `store_prompts_in_spend_logs` in the database, over
 * the config file's; each
 * gateway applies them when the change's invalidation reaches it. What is read only at start (the rest of
 * `general_settings`, `environment_variables`, `model_list`) is refused by name rather than stored and ignored.
 * `/get/config/callbacks` answers the router settings in force, the configured callbacks and alerting, without secrets.
 */
export function mountConfigRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const sections = deps.configSections ?? EMPTY_SECTIONS;
  const env = deps.env ?? process.env;
  const inForce = (stored: StoredConfig) => {
    try {
      return routerSettingsWithOverrides(sections, stored);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      deps.logger.error({ err: error }, 'the stored router settings are invalid; showing the config file\'s');
      return routerSettingsWithOverrides(sections, {});
    }
  };

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/config/update'],
    summary: 'Change the router settings the gateways run on (stored in the database, over the config file)',
    body: configUpdateSchema,
    async handler({ caller, body }) {
      authorize(caller, 'config:write');
      const envKeys = Object.keys(body.environment_variables ?? {});
      if (envKeys.length > 0) throw refused('environment_variables', `environment_variables cannot be changed while the proxy runs (${envKeys.join(', ')}): set them in the environment`);
      if ((body.model_list ?? []).length > 0) throw refused('model_list', 'model_list is not changed here: add models with /model/new');
      if ((body.worker_registry ?? []).length > 0) throw refused('worker_registry', 'worker_registry is not supported');

      const settings = await applyChange(deps, caller, async (tx, audit) => {
        // Read under the rows' locks: the no-op comparison and the merge see the same, latest, stored sections.
        const before = {
          router_settings: await lockProxyConfigSection(tx, 'router_settings'),
          litellm_settings: await lockProxyConfigSection(tx, 'litellm_settings'),
          general_settings: await lockProxyConfigSection(tx, 'general_settings'),
        };
        const changes = {
          router_settings: changesOf('router_settings', body.router_settings, routerSettingsView(inForce(before))),
          litellm_settings: changesOf('litellm_settings', body.litellm_settings, sections.litellmSettings),
          // Nothing else of general_settings is accepted, not even a repeat of the file's value (it holds the master key).
          general_settings: changesOf('general_settings', body.general_settings, {}),
        };
        const stored = {
          router_settings: applied(before.router_settings, changes.router_settings),
          litellm_settings: applied(before.litellm_settings, changes.litellm_settings),
          general_settings: applied(before.general_settings, changes.general_settings),
        };
        let next;
        try {
          next = routerSettingsWithOverrides(sections, stored);
        } catch (error) {
          if (error instanceof ConfigError) throw new HttpError(400, error.message, { code: 'invalid_config' });
          throw error;
        }
        // Alerting as every gateway will read it: with slack on, a webhook that is not a URL, an unknown alert type, or
        // nowhere to send is refused here rather than stored and silently not alerting (with it off, only warned of).
        const alerting = alertSettingsWithOverrides(sections.generalSettings, stored.general_settings, env);
        if (alerting.problems.length > 0) throw new HttpError(400, alerting.problems.join('; '), { param: 'general_settings', code: 'invalid_config' });
        for (const warning of alerting.warnings) deps.logger.warn({ source: '/config/update' }, `alerting: ${warning}`);
        for (const section of ['router_settings', 'litellm_settings', 'general_settings'] as const) {
          const change = changes[section];
          if (Object.keys(change.set).length === 0 && change.unset.length === 0) continue;
          await writeProxyConfigSection(tx, section, stored[section], caller.actor);
          // Alerting webhooks are secrets: the audit row names the keys changed, not their values.
          const after = section === 'general_settings' ? { set: Object.keys(change.set), unset: change.unset } : { set: change.set, unset: change.unset };
          await audit({ action: 'config.update', table: 'proxy_config', objectId: section, after, invalidates: { entityType: 'config', action: 'update' } });
        }
        return next;
      });
      const groups = new Set(deps.configDeployments.map((deployment) => deployment.modelGroup));
      for (const warning of fallbackWarnings(settings, groups)) deps.logger.warn({ source: '/config/update' }, warning);
      return { message: 'Config updated successfully' };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/get/config/callbacks'],
    summary: 'The router settings in force and the configured logging callbacks (no secrets)',
    async handler({ caller }) {
      authorize(caller, 'config:read');
      const stored = await readProxyConfig(deps.db);
      const settings = inForce(stored);
      return { status: 'success', callbacks: configuredCallbacks(sections.litellmSettings), alerts: alertsView(alertSettingsWithOverrides(sections.generalSettings, stored.general_settings, env).settings, env), router_settings: routerSettingsView(settings) };
    },
  });
}
