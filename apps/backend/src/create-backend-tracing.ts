import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { GatewayConfig } from '@switchboard/config';
import { createTracing, parseTelemetrySettings, traceHttpRequests, type HttpRequestTracing, type Tracing, type TracingOptions } from '@switchboard/telemetry';

export interface BackendTracing {
  tracing: Tracing;
  /** The request and query spans; undefined when tracing is off, so nothing wraps the listener or the pool. */
  requests: HttpRequestTracing | undefined;
}

/** The template of the Express route that answered (`/team/:team_id`); fast routes are exact paths and have none. */
function expressRouteOf(req: IncomingMessage): string | undefined {
  const { route, baseUrl } = req as Request;
  const path: unknown = route?.path;
  return typeof path === 'string' ? `${baseUrl ?? ''}${path}` : undefined;
}

/**
 * The backend's tracing from the same settings as the gateway's (`callbacks: ["otel"]`, the OTEL_*
 * environment), named `switchboard-backend` unless OTEL_SERVICE_NAME says otherwise. The logging
 * callbacks are the gateway's alone: the backend serves no model calls.
 */
export function createBackendTracing(config: Pick<GatewayConfig, 'sections'>, env: Readonly<Record<string, string | undefined>>, logger: Logger, options: TracingOptions = {}): BackendTracing {
  const { settings, warnings } = parseTelemetrySettings({
    litellmSettings: config.sections.litellmSettings,
    callbackSettings: config.sections.callbackSettings,
    generalSettings: config.sections.generalSettings,
    env,
    defaultServiceName: 'switchboard-backend',
  });
  for (const warning of warnings) logger.warn(`telemetry: ${warning}`);
  const tracing = createTracing(settings.tracing, options);
  if (!tracing.enabled) return { tracing, requests: undefined };
  logger.info('tracing on: request and query spans go to the OTLP endpoint');
  return { tracing, requests: traceHttpRequests(tracing, { routeOf: expressRouteOf }) };
}
