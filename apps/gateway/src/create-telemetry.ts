import type { Logger } from 'pino';
import type { GatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import type { ActiveCallback, GatewayMetrics } from '@switchboard/data-plane';
import { redactSecrets } from '@switchboard/guardrails';
import { nanoToUsdString } from '@switchboard/pricing';
import { cacheCallSinks, createCallLogger, createCallSinksResolver, createTracing, parseTelemetrySettings, sendTestLog, testLoggedCall, type CallLogger, type LoggedCall, type Tracing } from '@switchboard/telemetry';

export interface GatewayTelemetry {
  tracing: Tracing;
  /** The config-wide logging callbacks that run (`/active/callbacks`): Prometheus (always, as /metrics), the sinks, tracing. */
  callbacks: ActiveCallback[];
  /** Hands a settled call to the logging callbacks (off the request path; never throws). */
  logCall(record: CallRecord): void;
  /** `/health/services`: one test log to the config's callback of this name (see ServiceChecks.testCallback). */
  testCallback(name: string): Promise<string | undefined | 'not_configured'>;
  /** After the server closed: flush what is queued, then stop the exporters. */
  shutdown(): Promise<void>;
}

/** Credential shapes never sent to a trace or a logging sink: the PII guardrail's secret finder, whatever guardrails run. */
export { redactSecrets };

/** A settled call as the sinks receive it: the spend row's facts, with the key's hash, never the key. */
function loggedCallOf(record: CallRecord): LoggedCall {
  const principal = record.principal;
  return {
    requestId: record.requestId,
    ...(record.traceId ? { traceId: record.traceId } : {}),
    ...(record.responseId ? { responseId: record.responseId } : {}),
    route: record.route,
    startTime: record.startTime,
    endTime: record.endTime,
    ...(record.firstByteTime !== undefined ? { firstByteTime: record.firstByteTime } : {}),
    requestedModel: record.requestedModel,
    ...(record.modelGroup ? { modelGroup: record.modelGroup } : {}),
    ...(record.deploymentId ? { deploymentId: record.deploymentId } : {}),
    ...(record.provider ? { provider: record.provider } : {}),
    ...(record.upstreamModel ? { upstreamModel: record.upstreamModel } : {}),
    stream: record.stream,
    ...(record.usage ? { usage: record.usage } : {}),
    cost: nanoToUsdString(record.costNanoUsd),
    status: record.status,
    ...(record.errorType ? { errorType: record.errorType } : {}),
    ...(principal?.keyHash ? { keyHash: principal.keyHash } : {}),
    ...(principal?.keyAlias ? { keyAlias: principal.keyAlias } : {}),
    ...(principal?.teamId ? { teamId: principal.teamId } : {}),
    ...(principal?.userId ? { userId: principal.userId } : {}),
    ...(principal?.organizationId ? { organizationId: principal.organizationId } : {}),
    ...(record.endUser ? { endUser: record.endUser } : {}),
    // The logging payload's `request_tags` (and Langfuse's tags) were always empty before the record carried them.
    ...(record.requestTags ? { tags: record.requestTags } : {}),
    ...(record.cacheHit ? { cacheHit: true } : {}),
    attempts: record.attempts,
    ...(record.metadata ? { metadata: record.metadata } : {}),
  };
}

/** How long a callback may take to take `/health/services`'s test log. */
const TEST_LOG_TIMEOUT_MS = 5_000;

/**
 * Tracing and LiteLLM's logging callbacks from the config (`callbacks`, `success_callback`, ...,
 * `callback_settings`) and the standard environment. A setting that cannot work stops the start
 * (TelemetryConfigError names it); a callback LiteLLM has and we do not is a loud warning.
 */
export function createTelemetry(config: GatewayConfig, env: Readonly<Record<string, string | undefined>>, logger: Logger, metrics: GatewayMetrics): GatewayTelemetry {
  const { settings, warnings } = parseTelemetrySettings({
    litellmSettings: config.sections.litellmSettings,
    callbackSettings: config.sections.callbackSettings,
    generalSettings: config.sections.generalSettings,
    env,
    defaultServiceName: 'switchboard-gateway',
  });
  for (const warning of warnings) logger.warn(`telemetry: ${warning}`);
  const tracing = createTracing(settings.tracing, { redactText: redactSecrets });
  // Always there: a key's or team's metadata may add sinks even when the config has none (queues start lazily).
  const callLogger: CallLogger = createCallLogger(settings, { registry: metrics.registry, logger, redactText: redactSecrets });
  const configSinks = settings.sinks.length > 0 || settings.defaultTeamSettings.length > 0;
  const sinksFor = cacheCallSinks(createCallSinksResolver(settings), (problems) => {
    for (const problem of problems) logger.warn(`logging callbacks: ${problem}`);
  });
  if (tracing.enabled) logger.info('tracing on: spans go to the OTLP endpoint');
  if (configSinks) logger.info({ sinks: settings.sinks.map((sink) => sink.kind) }, 'logging callbacks on');
  const callbacks: ActiveCallback[] = [
    { name: 'prometheus', success: true, failure: true },
    ...settings.sinks.map((sink) => ({ name: sink.name, ...sink.events })),
    ...(tracing.enabled ? [{ name: 'otel', success: true, failure: true }] : []),
  ];
  return {
    tracing,
    callbacks,
    logCall(record) {
      const principal = record.principal;
      const owners = principal?.logging;
      if (!owners && !configSinks) return;
      const teamId = principal?.teamId;
      const sinks = sinksFor({ ...(teamId ? { teamId } : {}), ...(owners?.key ? { key: owners.key } : {}), ...(owners?.team ? { team: owners.team } : {}) }, owners);
      if (sinks.length > 0) callLogger.log(loggedCallOf(record), sinks);
    },
    async testCallback(name) {
      const sinks = settings.sinks.filter((sink) => sink.name === name);
      if (sinks.length === 0) return 'not_configured';
      const problems = await Promise.all(sinks.map((sink) => sendTestLog(sink, testLoggedCall('/health/services'), TEST_LOG_TIMEOUT_MS)));
      const failed = problems.filter((problem): problem is string => problem !== undefined);
      return failed.length > 0 ? failed.join('; ') : undefined;
    },
    async shutdown() {
      await Promise.all([callLogger.shutdown(), tracing.shutdown()]);
    },
  };
}
