import type { Usage } from '@switchboard/providers';

/** Token counts: the gateway's own Usage. */
export type LoggedUsage = Usage;

/**
 * One settled call, as every logging sink receives it: built from the same call record as the spend row.
 * Message content (`messages`, `responseText`) is optional and dropped when message logging is off.
 */
export interface LoggedCall {
  /** The gateway's request id: Langfuse's trace id, the payload's `id`. */
  requestId: string;
  /** The W3C trace id when tracing is on (`RequestTrace.traceId`), so a sink's record links to the trace. */
  traceId?: string;
  /** The id the client got in the answer (`chatcmpl-...`). */
  responseId?: string;
  /** The route called (`/v1/chat/completions`): LiteLLM's `call_type`. */
  route: string;
  /** Epoch ms. */
  startTime: number;
  endTime: number;
  /** Epoch ms of the first streamed byte. */
  firstByteTime?: number;
  requestedModel?: string;
  modelGroup?: string;
  deploymentId?: string;
  provider?: string;
  upstreamModel?: string;
  stream?: boolean;
  usage?: LoggedUsage;
  /** USD as a decimal string (`0.000123000`), never a float. */
  cost: string;
  /** The HTTP status sent; 400 and above is a failure. */
  status: number;
  errorType?: string;
  errorMessage?: string;
  /** SHA-256 of the key, never the key. */
  keyHash?: string;
  keyAlias?: string;
  teamId?: string;
  teamAlias?: string;
  userId?: string;
  organizationId?: string;
  endUser?: string;
  cacheHit?: boolean;
  attempts?: number;
  /** Request parameters (temperature, max_tokens, ...). */
  modelParameters?: Readonly<Record<string, string | number | boolean>>;
  tags?: readonly string[];
  /** The client's request metadata. */
  metadata?: Readonly<Record<string, unknown>>;
  /** The request's messages (or input), as the client sent them. */
  messages?: unknown;
  /** The answer's text. */
  responseText?: string;
}

export const isFailure = (call: LoggedCall): boolean => call.status >= 400;
