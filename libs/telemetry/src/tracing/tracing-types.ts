/** Attribute values the gateway may attach (cache and guardrail outcomes, ...); undefined entries are skipped. */
export type TraceAttributes = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** Incoming request headers as Node gives them (lower-case names). */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface RequestSpanStart {
  method: string;
  /** The route template (`/v1/chat/completions`), never a path with ids in it: it names the span. */
  route: string;
  /** Read for the client's W3C `traceparent` / `tracestate`. */
  headers?: IncomingHeaders;
  /** Epoch ms; now when absent. */
  startTime?: number;
}

export interface UpstreamCallStart {
  /** `gen_ai.operation.name`: `chat`, `text_completion`, `embeddings`, `generate_content`, ... */
  operation: string;
  /** Our provider id (`openai`, `bedrock`, ...), written as the conventions' `gen_ai.provider.name`. */
  provider: string;
  /** The model sent upstream (`gen_ai.request.model`). */
  requestModel: string;
  serverAddress?: string;
  serverPort?: number;
  modelGroup?: string;
  deploymentId?: string;
  /** 1 for the first attempt of this request. */
  attempt?: number;
  /** The request body: parameters (temperature, max_tokens, ...) and, when capture is on, `messages` / `system`. Read only when the span records. */
  requestBody?: Readonly<Record<string, unknown>>;
  startTime?: number;
}

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningOutputTokens?: number;
}

export interface UpstreamCallEnd {
  responseModel?: string;
  responseId?: string;
  finishReasons?: readonly string[];
  usage?: TokenUsage;
  /** The answer's text (recorded only when capture is on). */
  outputText?: string;
  /** The upstream's HTTP status, when it answered. */
  status?: number;
  /** Set when the attempt failed: the error class (`rate_limit`, `timeout`, ...). */
  errorType?: string;
  endTime?: number;
}

export interface UpstreamTrace {
  /** The `traceparent` value to send upstream, or undefined when tracing is off or forwarding is turned off. */
  traceparent(): string | undefined;
  /** Sets `traceparent` (and `tracestate`) on outgoing headers; does nothing when tracing is off. */
  injectHeaders(headers: Record<string, string>): void;
  /** The first streamed chunk arrived (`gen_ai.response.time_to_first_chunk`). */
  firstChunk(time?: number): void;
  end(result: UpstreamCallEnd): void;
}

/** A CLIENT span that is not a GenAI call (a database query, ...): its name and attributes are the caller's. */
export interface ClientSpanStart {
  name: string;
  attributes?: TraceAttributes;
  startTime?: number;
}

export interface ClientSpan {
  /** `errorType` marks the span failed (`error.type`); never pass a message that may carry values. */
  end(result?: { errorType?: string; endTime?: number }): void;
}

export interface RequestTrace {
  /** False when tracing is off or this trace is not sampled: skip building attributes then. */
  readonly isRecording: boolean;
  /** The W3C trace id (for log lines), undefined when tracing is off. */
  readonly traceId: string | undefined;
  setAttributes(attributes: TraceAttributes): void;
  addEvent(name: string, attributes?: TraceAttributes): void;
  /** A router retry of the same model group (an event on the request span). */
  recordRetry(retry: { attempt: number; errorType?: string; deploymentId?: string; delayMs?: number }): void;
  /** A router fallback to another model group (an event on the request span). */
  recordFallback(fallback: { fromModelGroup: string; toModelGroup: string; errorType?: string }): void;
  /** A client span for one upstream attempt, a child of this request's span. */
  startUpstream(call: UpstreamCallStart): UpstreamTrace;
  /** A CLIENT span for a call that is not a GenAI one (a database query), a child of this request's span. */
  startClient(call: ClientSpanStart): ClientSpan;
  /** The route template once routing knew it (`http.route` and the span's name); the start's route until then. */
  setRoute(route: string): void;
  /** Propagates this request's span on a call that has no GenAI span (pass-through routes). */
  injectHeaders(headers: Record<string, string>): void;
  end(result: { status: number; errorType?: string; endTime?: number }): void;
}

/** What the gateway holds: one per process. */
export interface Tracing {
  readonly enabled: boolean;
  /** Whether spans carry prompts and completions; when false, do not build them for tracing. */
  readonly captureMessageContent: boolean;
  startRequest(start: RequestSpanStart): RequestTrace;
  forceFlush(): Promise<void>;
  /** Flushes the spans still queued, then stops the exporter. */
  shutdown(): Promise<void>;
}
