import { buildGenericApiSink, buildLangfuseSink, buildS3Sink } from '../settings/build-sinks.ts';
import { classifyCallbacks, type BuiltInSink } from '../settings/classify-callbacks.ts';
import { IMPLEMENTED_CALLBACKS } from '../settings/callback-names.ts';
import type { SettingsReport } from '../settings/settings-report.ts';
import { boolVar, genericApiFieldsFromVars, langfuseFieldsFromVars, s3FieldsFromVars, type CallbackVars } from '../settings/sink-fields.ts';
import { DEFAULT_BATCH, type SinkEvents, type SinkSettings } from '../settings/telemetry-settings.ts';
import type { DestinationAllowList } from './destination-allow-list.ts';

/** A key's or team's logging, from its metadata. */
export interface OwnerLogging {
  sinks: SinkSettings[];
  /** LiteLLM's "disable logging" for a team: `callback_settings` with empty callback lists. */
  disablesLogging: boolean;
  /** Entries left out, and why (for a warning; the call goes on without them). */
  problems: string[];
}

export interface OwnerContext {
  /** Who the metadata belongs to, for the messages (`key ci-key`, `team research`). */
  owner: string;
  /** An admin wrote it: its destinations skip the allow-list, and it may replace or turn off the config's sinks. */
  setByAdmin: boolean;
  allowList: DestinationAllowList;
}

const ENV_REFERENCE = 'os.environ/';
const CALLBACK_TYPES: Record<string, SinkEvents> = {
  success: { success: true, failure: false },
  failure: { success: false, failure: true },
  success_and_failure: { success: true, failure: true },
};
const isRecord = (value: unknown): value is CallbackVars => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A destination a non-admin set: it must be on the allow-list, and an S3 bucket needs its own credentials. */
function destinationProblem(sink: SinkSettings, explicitHost: boolean, context: OwnerContext): string | undefined {
  if (context.setByAdmin) return undefined;
  // Langfuse's default host and AWS's own S3 endpoint are public services, not a destination the author chose.
  const destination = sink.kind === 'langfuse' ? (explicitHost ? sink.host : undefined) : sink.endpoint;
  if (destination !== undefined && !context.allowList.allows(new URL(destination))) return `destination ${new URL(destination).origin} is not on the logging destination allow-list`;
  // Without its own keys the bucket would be written with the gateway's own AWS identity.
  if (sink.kind === 's3' && !sink.credentials) return 's3 needs s3_aws_access_key_id and s3_aws_secret_access_key of its own';
  return undefined;
}

function sinkFromVars(kind: BuiltInSink, vars: CallbackVars, events: SinkEvents, where: string, context: OwnerContext, problems: string[]): SinkSettings | undefined {
  // As LiteLLM now does: metadata must not read the gateway's environment (its secrets); config's default_team_settings may.
  if (Object.values(vars).some((value) => typeof value === 'string' && value.startsWith(ENV_REFERENCE))) {
    problems.push(`${where}: os.environ/ references are not allowed in key or team metadata`);
    return undefined;
  }
  const report: SettingsReport = { warnings: [], errors: [] };
  const build = { name: kind, events, batch: DEFAULT_BATCH };
  const label = (name: string) => `${where}.callback_vars.${name}`;
  const sink =
    kind === 'langfuse'
      ? buildLangfuseSink(langfuseFieldsFromVars(vars), { ...build, labels: { publicKey: label('langfuse_public_key'), secretKey: label('langfuse_secret_key'), host: label('langfuse_host') } }, report)
      : kind === 's3'
        ? buildS3Sink(s3FieldsFromVars(vars), { ...build, labels: { bucket: label('s3_bucket_name'), endpoint: label('s3_endpoint_url'), accessKeyId: label('s3_aws_access_key_id'), secretAccessKey: label('s3_aws_secret_access_key') } }, report)
        : buildGenericApiSink(genericApiFieldsFromVars(vars), { ...build, labels: { endpoint: label('generic_logger_endpoint'), logFormat: label('log_format') } }, report);
  problems.push(...report.errors);
  if (!sink) return undefined;
  const refused = destinationProblem(sink, vars.langfuse_host !== undefined, context);
  if (refused) {
    problems.push(`${where}: ${refused}`);
    return undefined;
  }
  return boolVar(vars, 'turn_off_message_logging') === true ? { ...sink, turnOffMessageLogging: true } : sink;
}

/** LiteLLM's key form: `metadata.logging: [{ callback_name, callback_type, callback_vars }]`. */
function fromLoggingList(list: unknown, context: OwnerContext, logging: OwnerLogging): void {
  if (!Array.isArray(list)) {
    logging.problems.push(`${context.owner} metadata.logging: must be a list`);
    return;
  }
  list.forEach((entry: unknown, index) => {
    const where = `${context.owner} metadata.logging[${index}]`;
    if (!isRecord(entry)) return void logging.problems.push(`${where}: must be a mapping`);
    const name = typeof entry.callback_name === 'string' ? entry.callback_name : '';
    const target = IMPLEMENTED_CALLBACKS[name];
    if (target !== 'langfuse' && target !== 's3' && target !== 'generic_api') {
      return void logging.problems.push(`${where}.callback_name: "${name}" cannot be set per key or team (langfuse, s3, generic_api can)`);
    }
    const type = typeof entry.callback_type === 'string' ? entry.callback_type : 'success_and_failure';
    const events = CALLBACK_TYPES[type];
    if (!events) return void logging.problems.push(`${where}.callback_type: "${type}" is not success, failure or success_and_failure`);
    const sink = sinkFromVars(target, isRecord(entry.callback_vars) ? entry.callback_vars : {}, events, where, context, logging.problems);
    if (sink) logging.sinks.push(sink);
  });
}

/** LiteLLM's team form: `metadata.callback_settings: { success_callback, failure_callback, callbacks, callback_vars }`. */
function fromCallbackSettings(settings: CallbackVars, context: OwnerContext, logging: OwnerLogging): void {
  const where = `${context.owner} metadata.callback_settings`;
  const lists = ['success_callback', 'failure_callback', 'callbacks'].map((key) => settings[key]);
  if (lists.every((list) => list === undefined || (Array.isArray(list) && list.length === 0)) && lists.some(Array.isArray)) {
    logging.disablesLogging = true;
    return;
  }
  const report: SettingsReport = { warnings: [], errors: [] };
  const classified = classifyCallbacks(settings, where, new Set(), report);
  logging.problems.push(...report.errors, ...report.warnings);
  if (classified.tracing) logging.problems.push(`${where}: "otel" is configured for the whole gateway, not per team`);
  const vars = isRecord(settings.callback_vars) ? settings.callback_vars : {};
  for (const [kind, events] of classified.sinks) {
    const sink = sinkFromVars(kind, vars, events, where, context, logging.problems);
    if (sink) logging.sinks.push(sink);
  }
}

/** The sinks a key's or team's metadata asks for, each checked as its author may. */
export function parseOwnerLogging(metadata: Readonly<Record<string, unknown>> | undefined, context: OwnerContext): OwnerLogging {
  const logging: OwnerLogging = { sinks: [], disablesLogging: false, problems: [] };
  if (!metadata) return logging;
  if (metadata.logging !== undefined) fromLoggingList(metadata.logging, context, logging);
  if (isRecord(metadata.callback_settings)) fromCallbackSettings(metadata.callback_settings, context, logging);
  return logging;
}
