/** Which outcomes a sink receives: LiteLLM's `success_callback` is success only, `failure_callback` failure only, `callbacks` both. */
export interface SinkEvents {
  success: boolean;
  failure: boolean;
}

/** How a sink's dispatcher batches: flush at `batchSize` calls or every `flushIntervalMs`, hold at most `maxQueueSize` calls. */
export interface BatchSettings {
  batchSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
}

interface SinkBase {
  /** The callback's name: a metric label and the name in log lines (`langfuse`, `s3`, or a `callback_settings` entry's name). */
  name: string;
  events: SinkEvents;
  batch: BatchSettings;
  /** A key's or team's `turn_off_message_logging` callback variable: no content to this sink only. */
  turnOffMessageLogging?: boolean;
}

export interface LangfuseSinkSettings extends SinkBase {
  kind: 'langfuse';
  /** Origin of the Langfuse instance; the ingestion API is `{host}/api/public/ingestion`. */
  host: string;
  publicKey: string;
  secretKey: string;
}

export interface S3SinkSettings extends SinkBase {
  kind: 's3';
  bucket: string;
  /** Key prefix without a trailing slash ('' for the bucket's root). */
  prefix: string;
  region: string;
  /** An S3-compatible store's URL; absent for AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Absent: the AWS SDK's default chain (env, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface GenericApiSinkSettings extends SinkBase {
  kind: 'generic_api';
  endpoint: string;
  headers: Record<string, string>;
  /** `json_array`: one JSON array per batch; `ndjson`: one JSON object per line. */
  logFormat: 'json_array' | 'ndjson';
}

export type SinkSettings = LangfuseSinkSettings | S3SinkSettings | GenericApiSinkSettings;
export type SinkKind = SinkSettings['kind'];

export type SamplerKind = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

export interface TracingSettings {
  /** The full OTLP/HTTP traces URL (`.../v1/traces`). */
  tracesEndpoint: string;
  headers: Record<string, string>;
  serviceName: string;
  /** From `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes: Record<string, string>;
  sampler: { kind: SamplerKind; ratio: number };
  /** Prompts and completions on spans (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`), never with `turn_off_message_logging`. */
  captureMessageContent: boolean;
  /** Send a `traceparent` to the upstream (`forward_traceparent_to_llm_provider: false` turns it off). */
  forwardTraceparent: boolean;
  /** Spans per OTLP export (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, default 64; see parse-tracing-settings.ts). */
  exportBatchSize: number;
}

/** A team's sinks from `default_team_settings` (config, so set by an admin). */
export interface TeamDefaultLogging {
  teamId: string;
  sinks: SinkSettings[];
}

export interface TelemetrySettings {
  /** Absent when tracing is off. */
  tracing?: TracingSettings;
  /** The sinks every call goes to unless its team or key says otherwise. */
  sinks: SinkSettings[];
  /** False with `turn_off_message_logging`: no prompt or completion reaches any sink. */
  messageLogging: boolean;
  /** `redact_user_api_key_info`: no key hash/alias, user or team in sinks or spans. */
  redactUserApiKeyInfo: boolean;
  defaultTeamSettings: TeamDefaultLogging[];
  /** `general_settings.logging_destination_allowlist`: where sinks in non-admins' key/team metadata may send calls. */
  destinationAllowList: string[];
}

export const DEFAULT_BATCH: BatchSettings = { batchSize: 100, flushIntervalMs: 5_000, maxQueueSize: 10_000 };
export const DEFAULT_LANGFUSE_HOST = 'https://cloud.langfuse.com';
export const DEFAULT_OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';
export const DEFAULT_SERVICE_NAME = 'switchboard-gateway';
