import { parseHeaderList } from './parse-header-list.ts';
import { parseSampler } from './parse-sampler.ts';
import { envValue, httpUrl, type Env, type SettingsReport } from './settings-report.ts';
import { DEFAULT_OTLP_TRACES_ENDPOINT, DEFAULT_SERVICE_NAME, type TracingSettings } from './telemetry-settings.ts';

export interface TracingInput {
  env: Env;
  /** `callback_settings.otel.message_logging: true`, the config's form of the capture variable. */
  captureInConfig: boolean;
  messageLogging: boolean;
  forwardTraceparent: boolean;
  defaultServiceName?: string;
}

function tracesEndpoint(env: Env, report: SettingsReport): string {
  const signal = envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  // LiteLLM's own variable: the full traces URL of its otlp_http exporter.
  const litellm = envValue(env, 'OTEL_ENDPOINT');
  const [name, url] = signal
    ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', signal]
    : base
      ? ['OTEL_EXPORTER_OTLP_ENDPOINT', `${base.replace(/\/+$/, '')}/v1/traces`]
      : litellm
        ? ['OTEL_ENDPOINT', litellm]
        : ['', DEFAULT_OTLP_TRACES_ENDPOINT];
  if (name !== '' && !httpUrl(url)) report.errors.push(`${name}: "${url}" is not an http(s) URL`);
  return url;
}

function headers(env: Env, report: SettingsReport): Record<string, string> {
  const merged: Record<string, string> = {};
  // General first, signal-specific over it, as the OTel spec orders them; LiteLLM's OTEL_HEADERS only when neither is set.
  const sources = envValue(env, 'OTEL_EXPORTER_OTLP_HEADERS') || envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') ? ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'] : ['OTEL_HEADERS'];
  for (const name of sources) {
    const parsed = parseHeaderList(env[name]);
    if (parsed.invalidEntries > 0) report.warnings.push(`${name}: ${parsed.invalidEntries} entr${parsed.invalidEntries === 1 ? 'y is' : 'ies are'} not name=value, ignored`);
    Object.assign(merged, parsed.headers);
  }
  return merged;
}

function resourceAttributes(env: Env, report: SettingsReport): Record<string, string> {
  const parsed = parseHeaderList(env.OTEL_RESOURCE_ATTRIBUTES);
  if (parsed.invalidEntries > 0) report.warnings.push(`OTEL_RESOURCE_ATTRIBUTES: ${parsed.invalidEntries} entries are not key=value, ignored`);
  return parsed.headers;
}

/**
 * Tracing from the standard `OTEL_*` variables, once `otel` is among the callbacks. Undefined when the
 * SDK is disabled (`OTEL_SDK_DISABLED=true`, `OTEL_TRACES_EXPORTER=none`).
 */
export function parseTracingSettings(input: TracingInput, report: SettingsReport): TracingSettings | undefined {
  const { env } = input;
  if (envValue(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') {
    report.warnings.push('callbacks: "otel" is listed but OTEL_SDK_DISABLED=true: tracing is off');
    return undefined;
  }
  const exporter = envValue(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (exporter === 'none') {
    report.warnings.push('callbacks: "otel" is listed but OTEL_TRACES_EXPORTER=none: tracing is off');
    return undefined;
  }
  if (exporter !== undefined && exporter !== 'otlp') report.warnings.push(`OTEL_TRACES_EXPORTER: "${exporter}" is not supported; spans are sent over OTLP`);
  const protocol = envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? envValue(env, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== undefined && protocol !== 'http/protobuf') report.warnings.push(`OTEL_EXPORTER_OTLP_PROTOCOL: "${protocol}" is not supported; spans are sent as http/protobuf`);

  const captureInEnv = envValue(env, 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT')?.toLowerCase() === 'true';
  const captureAsked = captureInEnv || input.captureInConfig;
  if (captureAsked && !input.messageLogging) report.warnings.push('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: turn_off_message_logging is set, so spans carry no message content');

  const resource = resourceAttributes(env, report);
  return {
    tracesEndpoint: tracesEndpoint(env, report),
    headers: headers(env, report),
    serviceName: envValue(env, 'OTEL_SERVICE_NAME') ?? resource['service.name'] ?? input.defaultServiceName ?? DEFAULT_SERVICE_NAME,
    resourceAttributes: resource,
    sampler: parseSampler(env, report),
    captureMessageContent: captureAsked && input.messageLogging,
    forwardTraceparent: input.forwardTraceparent,
    exportBatchSize: exportBatchSize(env, report),
  };
}

/**
 * The batch processor serializes a batch inside the `end()` of the span that fills it, on the request path: the
 * SDK's 512 spans blocked one request for 10+ ms here (p99 at one connection 16-19 ms). 64 keeps that block
 * under about 2 ms for an export request per 64 spans. `OTEL_BSP_MAX_EXPORT_BATCH_SIZE` sets it.
 */
const DEFAULT_EXPORT_BATCH_SIZE = 64;

function exportBatchSize(env: Env, report: SettingsReport): number {
  const raw = envValue(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE');
  if (raw === undefined) return DEFAULT_EXPORT_BATCH_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 2048) {
    report.errors.push(`OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "${raw}" is not a whole number from 1 to 2048 (the queue's size)`);
    return DEFAULT_EXPORT_BATCH_SIZE;
  }
  return size;
}
