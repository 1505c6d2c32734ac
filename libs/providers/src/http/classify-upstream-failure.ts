import type { CallSignal } from '../call-signal.ts';
import { ProviderError } from '../provider-error.ts';

/** Where the call was when it failed: a reset before the answer means "unavailable", after it "cut". */
export type UpstreamPhase = 'connect' | 'body';

export interface FailureSignals {
  client: CallSignal;
  /** Whether our own deadline fired (a flag, not a signal: see sendUpstream). */
  deadline: { readonly aborted: boolean };
  deadlineMs: number;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMED_OUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps connection errors from node:net in `cause`.
  return errorCode((error as { cause?: unknown }).cause);
}

/**
 * Turns whatever undici or an abort threw into a ProviderError. The abort signals are checked first:
 * an abort surfaces as many different error classes depending on when it hit, but its cause is known.
 * Messages never quote the raw error, which may carry request details.
 */
export function classifyUpstreamFailure(error: unknown, signals: FailureSignals, phase: UpstreamPhase): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signals.client.aborted) {
    const reason: unknown = signals.client.reason;
    return reason instanceof ProviderError ? reason : new ProviderError('aborted', 499, 'The client closed the request');
  }
  if (signals.deadline.aborted) {
    return new ProviderError('timeout', 504, `The upstream did not answer within ${signals.deadlineMs} ms`);
  }
  const code = errorCode(error);
  if (code && TIMED_OUT.has(code)) return new ProviderError('timeout', 504, `The upstream timed out (${code})`);
  if (code && UNREACHABLE.has(code)) {
    return new ProviderError('upstream_unavailable', 503, `The upstream could not be reached (${code})`);
  }
  if (code && RESET.has(code)) {
    return phase === 'connect'
      ? new ProviderError('upstream_unavailable', 502, `The upstream closed the connection (${code})`)
      : new ProviderError('upstream_error', 502, `The upstream closed the connection mid-response (${code})`);
  }
  const name = error instanceof Error ? error.name : typeof error;
  return new ProviderError('upstream_error', 502, `The upstream call failed (${code ?? name})`);
}
