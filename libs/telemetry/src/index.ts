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
