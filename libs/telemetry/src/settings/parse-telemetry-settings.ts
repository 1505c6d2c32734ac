import { createDestinationAllowList, DestinationAllowListError } from '../team-logging/destination-allow-list.ts';
import { buildGenericApiSink, buildLangfuseSink, buildS3Sink } from './build-sinks.ts';
import { classifyCallbacks, type BuiltInSink } from './classify-callbacks.ts';
import { BATCH_KEYS, parseBatchSettings, S3_BATCH_KEYS } from './parse-batch-settings.ts';
import { parseDefaultTeamSettings } from './parse-default-team-settings.ts';
import { parseTracingSettings } from './parse-tracing-settings.ts';
import type { Env, SettingsReport } from './settings-report.ts';
import { boolVar, genericApiFieldsFromEntry, genericApiFieldsFromEnv, langfuseFieldsFromEnv, s3FieldsFromVars, textVar, type CallbackVars } from './sink-fields.ts';
import { TelemetryConfigError } from './telemetry-config-error.ts';
import type { SinkEvents, SinkSettings, TelemetrySettings } from './telemetry-settings.ts';

export interface TelemetrySettingsInput {
  /** The config's `litellm_settings` section (env references already resolved). */
  litellmSettings?: unknown;
  /** The config's top-level `callback_settings`. */
  callbackSettings?: unknown;
  /** The config's `general_settings`: read for `default_team_settings` when `litellm_settings` has none. */
  generalSettings?: unknown;
  env: Env;
  /** `service.name` when neither `OTEL_SERVICE_NAME` nor `OTEL_RESOURCE_ATTRIBUTES` names one. */
  defaultServiceName?: string;
}

export interface ParsedTelemetrySettings {
  settings: TelemetrySettings;
  warnings: string[];
}

/** `s3_callback_params` keys acted on; the others LiteLLM has (team/key prefixes, SSE, ...) warn that they are ignored. */
const S3_KEYS = new Set(['s3_bucket_name', 's3_path', 's3_region_name', 's3_endpoint_url', 's3_use_virtual_hosted_style', 's3_aws_access_key_id', 's3_aws_secret_access_key', 's3_aws_session_token', ...Object.values(S3_BATCH_KEYS)]);
const LLM_EVENT_TYPES: Record<string, keyof SinkEvents> = { llm_api_success: 'success', llm_api_failure: 'failure' };

function objectAt(value: unknown, where: string, report: SettingsReport): CallbackVars {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as CallbackVars;
  report.errors.push(`${where}: must be a mapping`);
  return {};
}

function eventsOf(entry: CallbackVars, where: string, report: SettingsReport): SinkEvents {
  const types = entry.event_types;
  if (types === undefined) return { success: true, failure: true };
  const events: SinkEvents = { success: false, failure: false };
  for (const type of Array.isArray(types) ? types : [types]) {
    const outcome = typeof type === 'string' ? LLM_EVENT_TYPES[type] : undefined;
    if (outcome) events[outcome] = true;
    else report.warnings.push(`${where}.event_types: "${String(type)}" is not one of llm_api_success, llm_api_failure; ignored`);
  }
  return events;
}

/** `callback_settings` entries of `callback_type: generic_api`: each a webhook named by its key, enabled by being defined. */
function customWebhooks(callbackSettings: CallbackVars, report: SettingsReport): SinkSettings[] {
  const sinks: SinkSettings[] = [];
  for (const [name, value] of Object.entries(callbackSettings)) {
    const where = `callback_settings.${name}`;
    const entry = objectAt(value, where, report);
    const type = textVar(entry, 'callback_type');
    if (type === undefined) continue;
    if (type !== 'generic_api') {
      report.warnings.push(`${where}.callback_type: "${type}" is not supported (generic_api is): NOTHING IS SENT TO IT`);
      continue;
    }
    const sink = buildGenericApiSink(genericApiFieldsFromEntry(entry), { name, events: eventsOf(entry, where, report), batch: parseBatchSettings(entry, where, report), labels: { endpoint: `${where}.endpoint`, logFormat: `${where}.log_format` } }, report);
    if (sink) sinks.push(sink);
  }
  return sinks;
}

function builtInSink(kind: BuiltInSink, events: SinkEvents, ls: CallbackVars, cs: CallbackVars, env: Env, report: SettingsReport): SinkSettings | undefined {
  const entry = objectAt(cs[kind], `callback_settings.${kind}`, report);
  if (kind === 'langfuse') {
    const batch = parseBatchSettings(entry, 'callback_settings.langfuse', report);
    return buildLangfuseSink(langfuseFieldsFromEnv(env), { name: 'langfuse', events, batch, labels: { publicKey: 'LANGFUSE_PUBLIC_KEY', secretKey: 'LANGFUSE_SECRET_KEY', host: 'LANGFUSE_HOST' } }, report);
  }
  if (kind === 's3') {
    const where = 'litellm_settings.s3_callback_params';
    const params = objectAt(ls.s3_callback_params, where, report);
    const ignored = Object.keys(params).filter((key) => !S3_KEYS.has(key));
    if (ignored.length > 0) report.warnings.push(`${where}: ${ignored.join(', ')} not supported, ignored`);
    const labels = { bucket: `${where}.s3_bucket_name`, endpoint: `${where}.s3_endpoint_url`, accessKeyId: `${where}.s3_aws_access_key_id`, secretAccessKey: `${where}.s3_aws_secret_access_key` };
    return buildS3Sink(s3FieldsFromVars(params), { name: 's3', events, batch: parseBatchSettings(params, where, report, S3_BATCH_KEYS), labels }, report);
  }
  // generic_api: its callback_settings entry when there is one, else LiteLLM's environment variables.
  const fromEntry = textVar(entry, 'endpoint') !== undefined;
  const fields = fromEntry ? genericApiFieldsFromEntry(entry) : genericApiFieldsFromEnv(env);
  const labels = fromEntry ? { endpoint: 'callback_settings.generic_api.endpoint', logFormat: 'callback_settings.generic_api.log_format' } : { endpoint: 'GENERIC_LOGGER_ENDPOINT', logFormat: 'callback_settings.generic_api.log_format' };
  return buildGenericApiSink({ ...fields, logFormat: textVar(entry, 'log_format') }, { name: 'generic_api', events, batch: parseBatchSettings(entry, 'callback_settings.generic_api', report, BATCH_KEYS), labels }, report);
}

function allowListOf(value: unknown, report: SettingsReport): string[] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value : [value];
  if (!entries.every((entry): entry is string => typeof entry === 'string')) {
    report.errors.push('general_settings.logging_destination_allowlist: must be a list of origins or host names');
    return [];
  }
  try {
    createDestinationAllowList(entries);
  } catch (error) {
    if (!(error instanceof DestinationAllowListError)) throw error;
    report.errors.push(`general_settings.logging_destination_allowlist: "${error.entry}" is not an origin (https://host[:port]), a host name or *.domain`);
    return [];
  }
  return entries;
}

/**
 * Telemetry settings from LiteLLM's config keys and the standard environment. Throws a
 * TelemetryConfigError naming every setting that stops the start; the warnings are for the start log.
 */
export function parseTelemetrySettings(input: TelemetrySettingsInput): ParsedTelemetrySettings {
  const report: SettingsReport = { warnings: [], errors: [] };
  const ls = objectAt(input.litellmSettings, 'litellm_settings', report);
  const cs = objectAt(input.callbackSettings, 'callback_settings', report);
  const webhooks = customWebhooks(cs, report);
  const customNames = new Set(webhooks.map((sink) => sink.name));
  const classified = classifyCallbacks(ls, 'litellm_settings', customNames, report);

  const sinks: SinkSettings[] = [];
  for (const [kind, events] of classified.sinks) {
    // `callback_settings.generic_api` with a callback_type is already one of the webhooks.
    if (customNames.has(kind)) continue;
    const sink = builtInSink(kind, events, ls, cs, input.env, report);
    if (sink) sinks.push(sink);
  }
  sinks.push(...webhooks);

  const messageLogging = boolVar(ls, 'turn_off_message_logging') !== true;
  const otelEntry = objectAt(cs.otel, 'callback_settings.otel', report);
  const tracing = classified.tracing
    ? parseTracingSettings(
        {
          env: input.env,
          captureInConfig: boolVar(otelEntry, 'message_logging') === true,
          messageLogging,
          forwardTraceparent: boolVar(ls, 'forward_traceparent_to_llm_provider') !== false,
          ...(input.defaultServiceName ? { defaultServiceName: input.defaultServiceName } : {}),
        },
        report,
      )
    : undefined;

  const gs = objectAt(input.generalSettings, 'general_settings', report);
  const [teamsValue, teamsWhere] = ls.default_team_settings !== undefined ? [ls.default_team_settings, 'litellm_settings.default_team_settings'] : [gs.default_team_settings, 'general_settings.default_team_settings'];
  const defaultTeamSettings = parseDefaultTeamSettings(teamsValue, teamsWhere, { env: input.env, s3CallbackParams: objectAt(ls.s3_callback_params, 'litellm_settings.s3_callback_params', { warnings: [], errors: [] }) }, report);

  const destinationAllowList = allowListOf(gs.logging_destination_allowlist, report);

  if (report.errors.length > 0) throw new TelemetryConfigError(report.errors);
  return {
    settings: { ...(tracing ? { tracing } : {}), sinks, messageLogging, redactUserApiKeyInfo: boolVar(ls, 'redact_user_api_key_info') === true, defaultTeamSettings, destinationAllowList },
    warnings: report.warnings,
  };
}
