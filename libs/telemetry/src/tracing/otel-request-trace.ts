import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type TextMapPropagator, type Tracer } from '@opentelemetry/api';
import { GEN_AI, HTTP, SWITCHBOARD } from './gen-ai-attributes.ts';
import { genAiProviderName } from './gen-ai-provider-name.ts';
import { genAiRequestAttributes } from './gen-ai-request-attributes.ts';
import { toGenAiInputMessages, toGenAiOutputMessages, toGenAiSystemInstructions, type ContentOptions } from './to-gen-ai-messages.ts';
import type { ClientSpan, ClientSpanStart, RequestTrace, TraceAttributes, UpstreamCallEnd, UpstreamCallStart, UpstreamTrace } from './tracing-types.ts';

/** What every span of one Tracing shares. */
export interface TraceContext {
  tracer: Tracer;
  propagator: TextMapPropagator;
  forwardTraceparent: boolean;
  /** Set when message content is captured. */
  content: ContentOptions | undefined;
}

const setHeader = { set: (carrier: Record<string, string>, key: string, value: string) => void (carrier[key] = value) };

function attributesOf(values: TraceAttributes): Attributes {
  const attributes: Attributes = {};
  for (const key in values) {
    const value = values[key];
    if (value !== undefined) attributes[key] = value as Attributes[string];
  }
  return attributes;
}

function inject(context: TraceContext, span: Span, headers: Record<string, string>): void {
  if (context.forwardTraceparent) context.propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, setHeader);
}

class OtelUpstreamTrace implements UpstreamTrace {
  private readonly startMs: number;
  constructor(
    private readonly context: TraceContext,
    private readonly span: Span,
    startTime: number | undefined,
  ) {
    this.startMs = startTime ?? Date.now();
  }

  traceparent(): string | undefined {
    const headers: Record<string, string> = {};
    inject(this.context, this.span, headers);
    return headers.traceparent;
  }

  injectHeaders(headers: Record<string, string>): void {
    inject(this.context, this.span, headers);
  }

  firstChunk(time = Date.now()): void {
    if (this.span.isRecording()) this.span.setAttribute(GEN_AI.responseTimeToFirstChunk, Math.max(0, time - this.startMs) / 1000);
  }

  end(result: UpstreamCallEnd): void {
    const span = this.span;
    if (span.isRecording()) {
      const attributes: Attributes = {};
      if (result.responseModel) attributes[GEN_AI.responseModel] = result.responseModel;
      if (result.responseId) attributes[GEN_AI.responseId] = result.responseId;
      if (result.finishReasons && result.finishReasons.length > 0) attributes[GEN_AI.responseFinishReasons] = [...result.finishReasons];
      const usage = result.usage;
      if (usage?.inputTokens !== undefined) attributes[GEN_AI.usageInputTokens] = usage.inputTokens;
      if (usage?.outputTokens !== undefined) attributes[GEN_AI.usageOutputTokens] = usage.outputTokens;
      if (usage?.cacheReadInputTokens) attributes[GEN_AI.usageCacheReadInputTokens] = usage.cacheReadInputTokens;
      if (usage?.cacheCreationInputTokens) attributes[GEN_AI.usageCacheCreationInputTokens] = usage.cacheCreationInputTokens;
      if (usage?.reasoningOutputTokens) attributes[GEN_AI.usageReasoningOutputTokens] = usage.reasoningOutputTokens;
      if (result.status !== undefined) attributes[HTTP.responseStatusCode] = result.status;
      if (this.context.content && result.outputText !== undefined) {
        attributes[GEN_AI.outputMessages] = JSON.stringify(toGenAiOutputMessages(result.outputText, result.finishReasons?.[0], this.context.content));
      }
      if (result.errorType) {
        attributes[HTTP.errorType] = result.errorType;
        span.setStatus({ code: SpanStatusCode.ERROR, message: result.errorType });
      }
      span.setAttributes(attributes);
    }
    span.end(result.endTime);
  }
}

function upstreamAttributes(call: UpstreamCallStart, content: ContentOptions | undefined): Attributes {
  const attributes: Attributes = call.requestBody ? genAiRequestAttributes(call.requestBody) : {};
  attributes[GEN_AI.operationName] = call.operation;
  attributes[GEN_AI.providerName] = genAiProviderName(call.provider);
  attributes[GEN_AI.requestModel] = call.requestModel;
  if (call.serverAddress) attributes[HTTP.serverAddress] = call.serverAddress;
  if (call.serverPort !== undefined) attributes[HTTP.serverPort] = call.serverPort;
  if (call.modelGroup) attributes[SWITCHBOARD.modelGroup] = call.modelGroup;
  if (call.deploymentId) attributes[SWITCHBOARD.deploymentId] = call.deploymentId;
  if (call.attempt !== undefined) attributes[SWITCHBOARD.attempt] = call.attempt;
  if (content && call.requestBody) {
    if (call.requestBody.messages !== undefined) attributes[GEN_AI.inputMessages] = JSON.stringify(toGenAiInputMessages(call.requestBody.messages, content));
    if (call.requestBody.system !== undefined) attributes[GEN_AI.systemInstructions] = JSON.stringify(toGenAiSystemInstructions(call.requestBody.system, content));
  }
  return attributes;
}

class OtelClientSpan implements ClientSpan {
  constructor(private readonly span: Span) {}

  end(result: { errorType?: string; endTime?: number } = {}): void {
    if (result.errorType && this.span.isRecording()) {
      this.span.setAttribute(HTTP.errorType, result.errorType);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: result.errorType });
    }
    this.span.end(result.endTime);
  }
}

/** One gateway request: a SERVER span, continuing the client's trace, parent of one CLIENT span per upstream attempt. */
export class OtelRequestTrace implements RequestTrace {
  constructor(
    private readonly context: TraceContext,
    private readonly span: Span,
    private readonly method: string,
  ) {}

  get isRecording(): boolean {
    return this.span.isRecording();
  }

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  setAttributes(attributes: TraceAttributes): void {
    if (this.span.isRecording()) this.span.setAttributes(attributesOf(attributes));
  }

  addEvent(name: string, attributes?: TraceAttributes): void {
    if (this.span.isRecording()) this.span.addEvent(name, attributes ? attributesOf(attributes) : undefined);
  }

  recordRetry(retry: { attempt: number; errorType?: string; deploymentId?: string; delayMs?: number }): void {
    this.addEvent(SWITCHBOARD.retryEvent, { [SWITCHBOARD.attempt]: retry.attempt, [HTTP.errorType]: retry.errorType, [SWITCHBOARD.deploymentId]: retry.deploymentId, [SWITCHBOARD.retryDelayMs]: retry.delayMs });
  }

  recordFallback(fallback: { fromModelGroup: string; toModelGroup: string; errorType?: string }): void {
    this.addEvent(SWITCHBOARD.fallbackEvent, { [SWITCHBOARD.fallbackFrom]: fallback.fromModelGroup, [SWITCHBOARD.fallbackTo]: fallback.toModelGroup, [HTTP.errorType]: fallback.errorType });
  }

  startUpstream(call: UpstreamCallStart): UpstreamTrace {
    const parent = trace.setSpan(ROOT_CONTEXT, this.span);
    const recording = this.span.isRecording();
    const span = this.context.tracer.startSpan(
      `${call.operation} ${call.requestModel}`,
      { kind: SpanKind.CLIENT, startTime: call.startTime, ...(recording ? { attributes: upstreamAttributes(call, this.context.content) } : {}) },
      parent,
    );
    return new OtelUpstreamTrace(this.context, span, call.startTime);
  }

  startClient(call: ClientSpanStart): ClientSpan {
    const recording = this.span.isRecording();
    const span = this.context.tracer.startSpan(
      call.name,
      { kind: SpanKind.CLIENT, startTime: call.startTime, ...(recording && call.attributes ? { attributes: attributesOf(call.attributes) } : {}) },
      trace.setSpan(ROOT_CONTEXT, this.span),
    );
    return new OtelClientSpan(span);
  }

  setRoute(route: string): void {
    if (!this.span.isRecording()) return;
    this.span.setAttribute(HTTP.route, route);
    this.span.updateName(`${this.method} ${route}`);
  }

  injectHeaders(headers: Record<string, string>): void {
    inject(this.context, this.span, headers);
  }

  end(result: { status: number; errorType?: string; endTime?: number }): void {
    const span = this.span;
    if (span.isRecording()) {
      span.setAttribute(HTTP.responseStatusCode, result.status);
      // Server spans are errors for 5xx only: a 4xx is the client's mistake, not the gateway's.
      if (result.status >= 500 || result.errorType) span.setAttribute(HTTP.errorType, result.errorType ?? String(result.status));
      if (result.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end(result.endTime);
  }
}
