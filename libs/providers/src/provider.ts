import type { CallSignal } from './call-signal.ts';
import type { Usage } from './usage.ts';

/** The OpenAI-format operations the gateway serves. Request and response bodies are OpenAI's wire format. */
export type JsonOperation = 'chat' | 'completions' | 'embeddings' | 'images' | 'moderations' | 'responses';
export type StreamOperation = 'chat' | 'completions' | 'responses';

/** One deployment as the adapter needs it: credentials and settings resolved from config or the DB. */
export interface DeploymentTarget {
  /** Provider name from `provider/model` in config (`openai`, `groq`, `mock`, ...). */
  provider: string;
  /** The model name the upstream expects. */
  model: string;
  apiBase?: string;
  apiKey?: string;
  /** Per-call timeout (config `timeout`, seconds → ms). */
  timeoutMs: number;
  /** Time allowed until the first streamed byte (config `stream_timeout`). */
  streamTimeoutMs?: number;
  /** Every other `litellm_params` entry (e.g. `organization`, `mock_latency_ms`, `extra_headers`). */
  params: Readonly<Record<string, unknown>>;
}

export interface CallContext {
  /** Aborted when the client leaves or the call times out: the upstream request must stop at once. */
  signal: CallSignal;
  requestId: string;
  /**
   * Told about every change the adapter made to the request beyond the model name (e.g. a parameter
   * the provider does not support, dropped). Called before `json`/`stream` resolve, so the gateway can
   * still put warnings in response headers.
   */
  onWarning?: (warning: string) => void;
  /** Headers the gateway adds to the upstream request (W3C `traceparent` / `tracestate` when tracing is on). */
  traceHeaders?: Record<string, string>;
  /**
   * Build the upstream request and stop: sendUpstream throws UpstreamCallCaptured with it instead of sending
   * (`/utils/transform_request`, see capture-upstream-call.ts).
   */
  captureOnly?: boolean;
}

export interface JsonResult {
  /** The response body in OpenAI format, with `model` as the upstream reported it. */
  body: Record<string, unknown>;
  usage?: Usage;
  /**
   * The JSON text `body` was parsed from, when the adapter passes the upstream's body on unchanged: a
   * client in the same format can get these bytes instead of a re-serialization.
   */
  text?: string;
}

/** One SSE event for the client: `data` is the JSON text written after `data: ` (never `[DONE]`). */
export interface StreamEvent {
  data: string;
  /** The SSE `event:` name the upstream gave (OpenAI Responses streams name every event); write it back. */
  event?: string;
  /** Usage carried by this event (OpenAI sends it in the last chunk when asked with include_usage). */
  usage?: Usage;
  /** Set on the chunk carrying a choice's `finish_reason`. */
  finished?: boolean;
  /** Output text in this event, for counting tokens when the upstream reports no usage. */
  text?: string;
}

export interface BinaryResult {
  contentType: string;
  body: AsyncIterable<Uint8Array>;
  usage?: Usage;
}

/**
 * The one interface every provider implements. Adapters know nothing of Express, the database or Redis:
 * typed requests in, typed results and stream events out, over the shared HTTP client. They throw only
 * `ProviderError`.
 */
export interface ProviderAdapter {
  readonly name: string;
  supports(operation: JsonOperation | 'audio_speech' | 'audio_transcriptions' | 'audio_translations', streaming?: boolean): boolean;
  /**
   * The fields of an OpenAI chat request this adapter sends on, mapped or as they are (params/openai-chat-params.ts):
   * LiteLLM's `/utils/supported_openai_params`. Empty when the adapter has no chat.
   */
  readonly chatParams: readonly string[];
  json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult>;
  /**
   * Resolves once the upstream accepted the call (status and headers read), so a failure before the
   * first byte can still fail over; the iterable then yields events as they arrive.
   */
  stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>>;
  /** `/v1/audio/speech`: JSON in, audio bytes out. */
  speech?(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<BinaryResult>;
  /** `/v1/audio/transcriptions`: the client's multipart form, re-sent with the upstream model name. */
  transcription?(form: FormData, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult>;
  /** `/v1/audio/translations`: like a transcription, into English. */
  translation?(form: FormData, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult>;
  /**
   * `/v1/rerank`: a Cohere-format request (`query`, `documents`, `top_n`, ...), answered in Cohere's
   * shape `{id, results: [{index, relevance_score}], meta}`. Only adapters with a rerank API have it.
   */
  rerank?(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult>;
  /**
   * Anthropic's Messages API, spoken natively: only adapters whose upstream IS that API have it
   * (`anthropic`). The gateway's `/v1/messages` then forwards the client's Anthropic body as-is (model
   * replaced) instead of translating it to OpenAI's format and back.
   */
  messages?: NativeMessagesApi;
}

export interface NativeMessagesOptions {
  /** `anthropic-beta` names the client asked for, already checked by the caller; merged with the deployment's. */
  betas?: readonly string[];
}

/** Anthropic-format bodies in and out; errors are ProviderErrors like everywhere else. */
export interface NativeMessagesApi {
  /** `POST /v1/messages`: `body` is the upstream's Anthropic `message`; usage as in `json`. */
  json(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext, options?: NativeMessagesOptions): Promise<JsonResult>;
  /**
   * The same, streamed: each event's `data` is the upstream's Anthropic event JSON as received and `event`
   * its name. `usage` is set on `message_delta` (the whole call's), `finished` there too.
   */
  stream(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext, options?: NativeMessagesOptions): Promise<AsyncIterable<StreamEvent>>;
  /** `POST /v1/messages/count_tokens`. */
  countTokens(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext, options?: NativeMessagesOptions): Promise<{ inputTokens: number }>;
}
