import { buildGenericApiSink, buildLangfuseSink, buildS3Sink } from './build-sinks.ts';
import { classifyCallbacks } from './classify-callbacks.ts';
import { parseBatchSettings, S3_BATCH_KEYS } from './parse-batch-settings.ts';
import type { Env, SettingsReport } from './settings-report.ts';
import { genericApiFieldsFromEnv, genericApiFieldsFromVars, langfuseFieldsFromEnv, langfuseFieldsFromVars, s3FieldsFromVars, textVar, type CallbackVars } from './sink-fields.ts';
import type { SinkSettings, TeamDefaultLogging } from './telemetry-settings.ts';

export interface TeamDefaultsContext {
  env: Env;
  /** The global `s3_callback_params`, under a team's own `s3_*` values. */
  s3CallbackParams: CallbackVars;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

/**
 * LiteLLM's `default_team_settings`: per team id, its own callbacks and their variables
 * (`langfuse_public_key`, `s3_bucket_name`, ...). It is config, so an admin wrote it: a value the entry
 * leaves out falls back to the global one, and no allow-list applies.
 */
export function parseDefaultTeamSettings(value: unknown, where: string, context: TeamDefaultsContext, report: SettingsReport): TeamDefaultLogging[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report.errors.push(`${where}: must be a list of team entries`);
    return [];
  }
  const teams: TeamDefaultLogging[] = [];
  value.forEach((item: unknown, index) => {
    const at = `${where}[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      report.errors.push(`${at}: must be a mapping`);
      return;
    }
    const entry = item as CallbackVars;
    const teamId = textVar(entry, 'team_id');
    if (!teamId) {
      report.errors.push(`${at}.team_id is required`);
      return;
    }
    const classified = classifyCallbacks(entry, at, new Set(), report);
    if (classified.tracing) report.warnings.push(`${at}: "otel" is configured for the whole gateway, not per team; ignored here`);
    const sinks: SinkSettings[] = [];
    for (const [kind, events] of classified.sinks) {
      let sink: SinkSettings | undefined;
      if (kind === 'langfuse') {
        const fields = { ...langfuseFieldsFromEnv(context.env), ...definedOnly(langfuseFieldsFromVars(entry)) };
        const labels = { publicKey: `${at}.langfuse_public_key`, secretKey: `${at}.langfuse_secret_key`, host: `${at}.langfuse_host` };
        sink = buildLangfuseSink(fields, { name: kind, events, batch: parseBatchSettings(entry, at, report), labels }, report);
      } else if (kind === 's3') {
        const fields = { ...s3FieldsFromVars(context.s3CallbackParams), ...definedOnly(s3FieldsFromVars(entry)) };
        const labels = { bucket: `${at}.s3_bucket_name`, endpoint: `${at}.s3_endpoint_url`, accessKeyId: `${at}.s3_aws_access_key_id`, secretAccessKey: `${at}.s3_aws_secret_access_key` };
        sink = buildS3Sink(fields, { name: kind, events, batch: parseBatchSettings({ ...context.s3CallbackParams, ...entry }, at, report, S3_BATCH_KEYS), labels }, report);
      } else {
        const own = genericApiFieldsFromVars(entry);
        const fields = own.endpoint ? own : genericApiFieldsFromEnv(context.env);
        sink = buildGenericApiSink(fields, { name: kind, events, batch: parseBatchSettings(entry, at, report), labels: { endpoint: `${at}.generic_logger_endpoint`, logFormat: `${at}.log_format` } }, report);
      }
      if (sink) sinks.push(sink);
    }
    teams.push({ teamId, sinks });
  });
  return teams;
}
