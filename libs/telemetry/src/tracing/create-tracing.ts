import { ROOT_CONTEXT, SpanKind, defaultTextMapGetter } from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TracingSettings } from '../settings/telemetry-settings.ts';
import { createSampler } from './create-sampler.ts';
import { HTTP } from './gen-ai-attributes.ts';
import { loadOtelSdk } from './load-otel-sdk.ts';
import { NOOP_TRACING } from './noop-tracing.ts';
import { OtelRequestTrace, type TraceContext } from './otel-request-trace.ts';
import type { RedactText } from './to-gen-ai-messages.ts';
import type { RequestSpanStart, RequestTrace, Tracing } from './tracing-types.ts';

export interface TracingOptions {
  /** Applied to prompt and completion text before it goes on a span (the logs' redaction). Identity when absent. */
  redactText?: RedactText;
  /** Longest prompt or completion text kept per message part (default 16,384 characters). */
  maxContentChars?: number;
  /** The BatchSpanProcessor's schedule (default 5 s, as the SDK's; tests shorten it). */
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
}

const TRACER_NAME = '@switchboard/telemetry';

class OtelTracing implements Tracing {
  readonly enabled = true;
  readonly captureMessageContent: boolean;
  private readonly context: TraceContext;

  constructor(
    private readonly provider: NodeTracerProvider,
    settings: TracingSettings,
    options: TracingOptions,
  ) {
    this.captureMessageContent = settings.captureMessageContent;
    this.context = {
      tracer: provider.getTracer(TRACER_NAME),
      propagator: new (loadOtelSdk().core.W3CTraceContextPropagator)(),
      forwardTraceparent: settings.forwardTraceparent,
      content: settings.captureMessageContent ? { redact: options.redactText ?? ((text) => text), maxTextChars: options.maxContentChars ?? 16_384 } : undefined,
    };
  }

  startRequest(start: RequestSpanStart): RequestTrace {
    const parent = start.headers ? this.context.propagator.extract(ROOT_CONTEXT, start.headers, defaultTextMapGetter) : ROOT_CONTEXT;
    const span = this.context.tracer.startSpan(
      `${start.method} ${start.route}`,
      { kind: SpanKind.SERVER, startTime: start.startTime, attributes: { [HTTP.requestMethod]: start.method, [HTTP.route]: start.route } },
      parent,
    );
    return new OtelRequestTrace(this.context, span, start.method);
  }

  forceFlush(): Promise<void> {
    return this.provider.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

/**
 * The gateway's tracing: OTLP over HTTP/protobuf through a batch span processor, or, with tracing off,
 * shared no-op objects (nothing allocated per request). The provider is not registered globally: spans
 * are parented explicitly, so no context manager runs on the hot path.
 */
export function createTracing(settings: TracingSettings | undefined, options: TracingOptions = {}): Tracing {
  if (!settings) return NOOP_TRACING;
  const { exporter: { OTLPTraceExporter }, resources: { defaultResource, resourceFromAttributes }, node: { BatchSpanProcessor, NodeTracerProvider } } = loadOtelSdk();
  const exporter = new OTLPTraceExporter({ url: settings.tracesEndpoint, headers: settings.headers, ...(options.exportTimeoutMillis ? { timeoutMillis: options.exportTimeoutMillis } : {}) });
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ ...settings.resourceAttributes, 'service.name': settings.serviceName })),
    sampler: createSampler(settings.sampler),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        maxExportBatchSize: settings.exportBatchSize,
        ...(options.scheduledDelayMillis !== undefined ? { scheduledDelayMillis: options.scheduledDelayMillis } : {}),
        ...(options.exportTimeoutMillis !== undefined ? { exportTimeoutMillis: options.exportTimeoutMillis } : {}),
      }),
    ],
  });
  return new OtelTracing(provider, settings, options);
}
