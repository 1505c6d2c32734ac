import type { Deployment } from '@switchboard/config';
import type { PriceBook } from '@switchboard/pricing';
import type { BinaryResult, CallContext, DeploymentTarget, JsonOperation, JsonResult, ProviderAdapter, StreamEvent, Usage } from '@switchboard/providers';
import type { RequestOperation } from '@switchboard/guardrails';
import type { WireFormat } from '../wire-format.ts';

/** What one upstream call gives back: a JSON answer, a stream of events, or bytes (audio). */
export type CallResult = JsonResult | AsyncIterable<StreamEvent> | BinaryResult;

/** One try on one deployment, and the wire format its result answers the client in (the spec's, by default). */
export interface ProviderAttempt {
  call(target: DeploymentTarget, ctx: CallContext): Promise<CallResult>;
  format?: WireFormat;
}

/**
 * What an endpoint declares: its route, its model, how to call an adapter and how the answer goes out. The
 * pipeline (run-call.ts) does the rest for every endpoint alike: authorize, admit, route, respond, account.
 */
export interface CallSpec {
  /** The route as records and metrics name it (`/chat/completions`, `/audio/speech`, ...). */
  route: string;
  /** The model the client named (before the key's aliases). */
  model: string;
  /** The request as the limits see it: prompt tokens are counted from it as `countAs`; `user`, `max_tokens`, `metadata`. */
  body: Record<string, unknown>;
  countAs: JsonOperation;
  /** `json`: one JSON answer; `sse`: a stream of events; `binary`: the upstream's bytes (audio). */
  respond: 'json' | 'sse' | 'binary';
  /** The client's wire: answers and errors in its shapes. */
  format: WireFormat;
  /**
   * The upstream call on one deployment; throws ProviderError('unsupported') when the adapter cannot do it.
   * `overrides`: the parameters a fallback entry of the request replaces (router-controls.ts), given only to a
   * spec that `takesOverrides`.
   */
  attempt(deployment: Deployment, adapter: ProviderAdapter, overrides?: Record<string, unknown>): ProviderAttempt;
  /** Whether a fallback entry of the request may replace parameters of its body (an OpenAI-format body). */
  takesOverrides?: boolean;
  /**
   * An answer the gateway gives itself for the model group without calling upstream (a local token count, a request
   * built but not sent), or undefined to route the call. Authorized, admitted and accounted like any other.
   */
  answerLocally?(modelGroup: string, requestId: string): JsonResult | undefined | Promise<JsonResult | undefined>;
  /** The usage of an answer that reports none: by default the tokenizer's count of prompt and output text. */
  estimateUsage?(outputText: string): Usage;
  /** The answer's cost in nano-USD; by default the price book's price of its usage (tokens). */
  cost?(priceBook: PriceBook, deployment: Deployment, result: CallResult, usage: Usage | undefined): number;
  /** How the call is priced, so a budgeted key is refused a deployment that cannot be priced that way. */
  pricedBy?: 'tokens' | 'speech' | 'transcription' | 'image';
  /** The text-bearing request the guardrails check (absent: no guardrail applies to the route). */
  guard?: GuardedRequest;
}

/** The request body as the guardrails see it, in the client's shape, and how a masked copy replaces it. */
export interface GuardedRequest {
  operation: RequestOperation;
  body(): Record<string, unknown>;
  /** What goes upstream becomes the masked copy. */
  replace(masked: Record<string, unknown>): void;
  /** Takes the request's own guardrail list off what goes upstream. */
  strip(): void;
}
