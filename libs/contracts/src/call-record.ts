import type { Usage } from '@switchboard/providers';
import type { Principal } from './principal.ts';

/**
 * What happened in one data-plane request, handed to accounting (metrics now, spend rows through the
 * `onSettled` hook). Holds no key: the principal carries only the key's hash (and, for the logging
 * callbacks, the key's and team's decrypted callback settings: never log a record whole).
 */
export interface CallRecord {
  /** The gateway's own id (UUIDv7): the spend row's key. */
  requestId: string;
  /** Set on a sub-call the gateway made on a request's behalf (a fan-out's model): that request's id. */
  parentRequestId?: string;
  /** The `id` the client got in the answer (`chatcmpl-...`, `msg_...`): what LiteLLM's `/spend/logs?request_id=` finds. */
  responseId?: string;
  route: string;
  principal?: Principal;
  requestedModel: string;
  modelGroup?: string;
  deploymentId?: string;
  provider?: string;
  upstreamModel?: string;
  stream: boolean;
  usage?: Usage;
  costNanoUsd: number;
  /** HTTP status sent (or that would have been sent, for a client that left). */
  status: number;
  errorType?: string;
  /** A failed call's error message, as the client got it (safe to show: no credential reaches it). */
  errorMessage?: string;
  /** Epoch ms. */
  startTime: number;
  endTime: number;
  /** Epoch ms of the first streamed byte. */
  firstByteTime?: number;
  attempts: number;
  endUser?: string;
  clientAborted: boolean;
  /** Answered from the response cache: no upstream call, cost 0; `savedCostNanoUsd` is what the answer cost when made. */
  cacheHit?: boolean;
  /** What each guardrail of the call did (`passed`, `masked`, `blocked`, ...). */
  guardrails?: { guardrail: string; mode: string; action: string }[];
  /** The W3C trace id of the request's span, when tracing is on (logging callbacks link to it). */
  traceId?: string;
  /** The response cache's key for this request (`x-litellm-cache-key`), when the cache applied. */
  cacheKey?: string;
  savedCostNanoUsd?: number;
  metadata?: Record<string, unknown>;
  /**
   * LiteLLM's `request_tags`: the call's tags (the body's `tags`, `metadata.tags`, `litellm_metadata.tags`, the key's
   * and its team's), kept on the spend row for spend per tag; absent when there are none.
   */
  requestTags?: readonly string[];
  /**
   * With `store_prompts_in_spend_logs` only: the request as it went upstream (guardrails' masks and the router's
   * controls taken out) and the answer as the client got it, long strings cut (libs/spend/src/stored-payload.ts).
   * LiteLLM's `proxy_server_request` and `response`.
   */
  requestBody?: unknown;
  responseBody?: unknown;
}
