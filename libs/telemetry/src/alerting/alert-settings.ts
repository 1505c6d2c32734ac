import { ALERT_TYPES, RAISED_ALERT_TYPES, isAlertType, type AlertType } from '@switchboard/alert-types';

/** What alerting runs on, read from `general_settings` (file or `/config/update`) and the environment. */
export interface AlertSettings {
  /** The alert types raised: those the config names (default: every one raised here) that have a destination. */
  types: ReadonlySet<AlertType>;
  /** Slack incoming-webhook URLs per alert type (secrets: never logged or answered). */
  destinations: ReadonlyMap<AlertType, readonly string[]>;
  /** `alerting_threshold` (seconds in the config): a call slower than this raises llm_too_slow. */
  slowThresholdMs: number;
  /** `alerting_args.budget_alert_ttl` (seconds): one alert per budget, crossing and period within this time. */
  budgetAlertTtlMs: number;
}

export interface ParsedAlertSettings {
  /** Undefined when alerting is off (`alerting` unset, empty or without `slack`). */
  settings?: AlertSettings;
  /** Settings that cannot work: each names the setting. A start stops on them; `/config/update` answers 400. */
  problems: string[];
  warnings: string[];
}

/** The `general_settings` keys alerting reads; `/config/update` may change them while the gateways run. */
export const ALERT_SETTING_KEYS = ['alerting', 'alert_types', 'alert_to_webhook_url', 'alerting_threshold', 'alerting_args'] as const;

/** Channels LiteLLM has that Switchboard does not send to: a warning, not a start error (an unknown name is one). */
const LITELLM_ONLY_CHANNELS = new Set(['email', 'webhook', 'pagerduty', 'msteams', 'discord']);
const DEFAULT_SLOW_SECONDS = 300;
const DEFAULT_BUDGET_ALERT_TTL_SECONDS = 24 * 60 * 60;
const USED_ALERTING_ARGS = ['budget_alert_ttl'];

/** `os.environ/NAME` (LiteLLM's indirection) read from the environment; anything else as written. */
function resolved(value: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  return value.startsWith('os.environ/') ? env[value.slice('os.environ/'.length)] : value;
}

function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const describe = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value);

function positiveSeconds(value: unknown, path: string, fallback: number, problems: string[]): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    problems.push(`${path}: must be a number of seconds above 0 (got ${describe(value)})`);
    return fallback;
  }
  return value;
}

/**
 * LiteLLM's alerting settings: `alerting: ["slack"]`, `alert_types`, `alert_to_webhook_url` (a URL or a list per
 * alert type; `os.environ/NAME` read from the environment) over `SLACK_WEBHOOK_URL`, `alerting_threshold` and
 * `alerting_args.budget_alert_ttl`. A URL that is not http(s), an alert type LiteLLM does not have, or alerting
 * with nowhere to send is a problem (a typo must not leave an operator without the alerts they asked for).
 */
export function parseAlertSettings(general: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): ParsedAlertSettings {
  const problems: string[] = [];
  const warnings: string[] = [];
  const given = general.alerting ?? [];
  if (!Array.isArray(given) || given.some((channel) => typeof channel !== 'string')) {
    return { problems: [`general_settings.alerting: must be a list of channel names such as ["slack"] (got ${describe(given)})`], warnings };
  }
  const channels = given as string[];
  for (const channel of channels) {
    if (channel === 'slack') continue;
    if (LITELLM_ONLY_CHANNELS.has(channel)) warnings.push(`general_settings.alerting: "${channel}" is not sent here (slack is); ignored`);
    else problems.push(`general_settings.alerting: unknown channel "${channel}" (slack is supported)`);
  }
  const slack = channels.includes('slack');
  // The other settings apply only while slack is on: then what cannot work is a problem; while it is off, a warning
  // (an inert placeholder must not stop a start; turning alerting on with it is refused, naming it).
  const channelProblems = problems.length;

  let named: AlertType[] = [...RAISED_ALERT_TYPES];
  const types = general.alert_types;
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types)) problems.push(`general_settings.alert_types: must be a list of alert types (got ${describe(types)})`);
    else {
      named = [];
      for (const [index, type] of types.entries()) {
        if (typeof type !== 'string' || !isAlertType(type)) problems.push(`general_settings.alert_types[${index}]: unknown alert type ${describe(type)} (known: ${ALERT_TYPES.join(', ')})`);
        else if (!RAISED_ALERT_TYPES.includes(type)) warnings.push(`general_settings.alert_types: ${type} is not raised here (raised: ${RAISED_ALERT_TYPES.join(', ')})`);
        else if (!named.includes(type)) named.push(type);
      }
    }
  }

  const perType = new Map<AlertType, string[]>();
  const routes = general.alert_to_webhook_url;
  if (routes !== undefined && routes !== null) {
    if (typeof routes !== 'object' || Array.isArray(routes)) problems.push(`general_settings.alert_to_webhook_url: must map alert types to webhook URLs (got ${describe(routes)})`);
    else {
      for (const [type, value] of Object.entries(routes)) {
        const path = `general_settings.alert_to_webhook_url.${type}`;
        if (!isAlertType(type)) {
          problems.push(`${path}: unknown alert type (known: ${ALERT_TYPES.join(', ')})`);
          continue;
        }
        const values = Array.isArray(value) ? value : [value];
        const urls: string[] = [];
        for (const [index, entry] of values.entries()) {
          const at = Array.isArray(value) ? `${path}[${index}]` : path;
          const url = typeof entry === 'string' ? resolved(entry, env) : undefined;
          // The value may be a secret: the problem names where it is, never what it holds.
          if (url === undefined) problems.push(`${at}: must be a webhook URL or os.environ/NAME of a set variable`);
          else if (!isWebhookUrl(url)) problems.push(`${at}: not an http(s) URL`);
          else urls.push(url);
        }
        perType.set(type, urls);
      }
    }
  }
  const fallback = env.SLACK_WEBHOOK_URL?.trim() || undefined;
  if (fallback !== undefined && !isWebhookUrl(fallback)) problems.push('SLACK_WEBHOOK_URL: not an http(s) URL');

  const destinations = new Map<AlertType, readonly string[]>();
  for (const type of named) {
    const urls = perType.get(type) ?? (fallback !== undefined && isWebhookUrl(fallback) ? [fallback] : []);
    if (urls.length > 0) destinations.set(type, urls);
  }
  const unrouted = named.filter((type) => !destinations.has(type));
  if (slack) {
    if (destinations.size === 0 && problems.length === 0) problems.push('general_settings.alerting: slack needs SLACK_WEBHOOK_URL or general_settings.alert_to_webhook_url');
    else if (unrouted.length > 0) warnings.push(`general_settings.alert_to_webhook_url: no webhook for ${unrouted.join(', ')} and no SLACK_WEBHOOK_URL; those alerts are not sent`);
  }

  const slowSeconds = positiveSeconds(general.alerting_threshold, 'general_settings.alerting_threshold', DEFAULT_SLOW_SECONDS, problems);
  const args = general.alerting_args;
  let budgetTtlSeconds = DEFAULT_BUDGET_ALERT_TTL_SECONDS;
  if (args !== undefined && args !== null) {
    if (typeof args !== 'object' || Array.isArray(args)) problems.push(`general_settings.alerting_args: must be an object (got ${describe(args)})`);
    else {
      const record = args as Record<string, unknown>;
      budgetTtlSeconds = positiveSeconds(record.budget_alert_ttl, 'general_settings.alerting_args.budget_alert_ttl', DEFAULT_BUDGET_ALERT_TTL_SECONDS, problems);
      const unused = Object.keys(record).filter((key) => !USED_ALERTING_ARGS.includes(key));
      if (unused.length > 0) warnings.push(`general_settings.alerting_args: ${unused.join(', ')} not used here (budget_alert_ttl is)`);
    }
  }

  if (!slack) return { problems: problems.slice(0, channelProblems), warnings: [...warnings, ...problems.slice(channelProblems).map((problem) => `${problem} (not used while alerting is off)`)] };
  if (problems.length > 0) return { problems, warnings };
  return {
    settings: { types: new Set(destinations.keys()), destinations, slowThresholdMs: slowSeconds * 1000, budgetAlertTtlMs: budgetTtlSeconds * 1000 },
    problems,
    warnings,
  };
}

/**
 * The alerting settings in force: the file's `general_settings` alerting keys with `/config/update`'s stored ones
 * over them (a stored key replaces the file's; keys it does not name stay the file's).
 */
export function alertSettingsWithOverrides(fileGeneral: Readonly<Record<string, unknown>>, stored: Readonly<Record<string, unknown>> | undefined, env: Readonly<Record<string, string | undefined>>): ParsedAlertSettings {
  const merged: Record<string, unknown> = {};
  for (const key of ALERT_SETTING_KEYS) if (fileGeneral[key] !== undefined) merged[key] = fileGeneral[key];
  for (const key of ALERT_SETTING_KEYS) if (stored?.[key] !== undefined) merged[key] = stored[key];
  return parseAlertSettings(merged, env);
}
