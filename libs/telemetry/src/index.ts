/**
 * Observability for the gateway: OpenTelemetry traces with the GenAI conventions (createTracing) and
 * LiteLLM's logging callbacks (createCallLogger: langfuse, s3, generic_api), configured from LiteLLM's
 * settings and the standard environment (parseTelemetrySettings). See README.md for the wiring.
 */
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
export { traceHttpRequests, type HttpRequestTracing, type HttpRequestTracingOptions, type RequestListener } from './tracing/trace-http-requests.ts';
export { sqlQueryAttributes } from './tracing/sql-query-attributes.ts';
export type { ClientSpan, ClientSpanStart, IncomingHeaders, RequestSpanStart, RequestTrace, TokenUsage, TraceAttributes, Tracing, UpstreamCallEnd, UpstreamCallStart, UpstreamTrace } from './tracing/tracing-types.ts';
export type { RedactText } from './tracing/to-gen-ai-messages.ts';
export { createCallLogger, type CallLogger, type CallLoggerOptions, type WarnLogger } from './logging/create-call-logger.ts';
export type { LoggedCall, LoggedUsage } from './logging/logged-call.ts';
export { CountingSinkMetrics, type DropReason, type SinkCounts, type SinkMetrics } from './logging/sink-metrics.ts';
export { createPromSinkMetrics } from './logging/prom-sink-metrics.ts';
export type { RetrySettings, SinkTransport } from './logging/batch-dispatcher.ts';
export { SinkDeliveryError } from './logging/sink-delivery-error.ts';
export { sendTestLog, testLoggedCall } from './logging/send-test-log.ts';
export { cacheCallSinks, type CachedCallSinks } from './team-logging/cache-call-sinks.ts';
export { createCallSinksResolver, resolveCallSinks, type CallSinksInput, type CallSinksResolver, type LoggingOwner, type ResolvedCallSinks } from './team-logging/resolve-call-sinks.ts';
export { createDestinationAllowList, destinationAllowListOf, DestinationAllowListError, type DestinationAllowList } from './team-logging/destination-allow-list.ts';
export { parseOwnerLogging, type OwnerContext, type OwnerLogging } from './team-logging/parse-owner-logging.ts';
export { ALERT_TYPES, RAISED_ALERT_TYPES, isAlertType, type AlertType } from '@switchboard/alert-types';
export { ALERT_SETTING_KEYS, alertSettingsWithOverrides, parseAlertSettings, type AlertSettings, type ParsedAlertSettings } from './alerting/alert-settings.ts';
export { Alerter, type Alert, type AlerterOptions, type AlertLevel, type AlertOutcome } from './alerting/alerter.ts';
export { createLiveAlerter, type AlertingLogger, type LiveAlerter } from './alerting/live-alerter.ts';
