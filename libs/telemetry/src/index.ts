export { parseTelemetrySettings, type ParsedTelemetrySettings, type TelemetrySettingsInput } from './settings/parse-telemetry-settings.ts';
export { TelemetryConfigError } from './settings/telemetry-config-error.ts';
export type {
  BatchSettings,
  GenericApiSinkSettings,
  LangfuseSinkSettings,
  S3SinkSettings,
  SamplerKind,
  SinkEvents,
  SinkKind,
  SinkSettings,
  TeamDefaultLogging,
  TelemetrySettings,
  TracingSettings,
} from './settings/telemetry-settings.ts';
export { createTracing, type TracingOptions } from './tracing/create-tracing.ts';
export type { IncomingHeaders, RequestSpanStart, RequestTrace, TokenUsage, TraceAttributes, Tracing, UpstreamCallEnd, UpstreamCallStart, UpstreamTrace } from './tracing/tracing-types.ts';
export type { RedactText } from './tracing/to-gen-ai-messages.ts';
