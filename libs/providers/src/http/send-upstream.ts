import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher, FormData } from 'undici';
import { CallAbortController } from '../call-signal.ts';
import type { CallContext, DeploymentTarget } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { classifyUpstreamFailure, type FailureSignals } from './classify-upstream-failure.ts';
import { upstreamAgent } from './upstream-agent.ts';
import { dropConnection, UpstreamBody, type Exchange } from './upstream-body.ts';

export interface UpstreamCall {
  url: string;
  headers: Record<string, string>;
  body: string | FormData;
  /**
   * `json`: the deadline (target.timeoutMs) covers the whole call including reading the body.
   * `stream`: the deadline (streamTimeoutMs, else timeoutMs) runs until the first body byte; after
   * that, a gap of more than timeoutMs between chunks ends the stream as a timeout.
   */
  mode: 'json' | 'stream';
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /**
   * Body chunks as they arrive; every failure while reading surfaces as a ProviderError. Leaving the
   * iteration early closes the upstream connection (the upstream stops generating), unless
   * `protocolEnded` was called first.
   */
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /**
   * The stream's own end marker arrived (`data: [DONE]`): what is left is only the end of the HTTP
   * response, so an early exit lets it finish in the background and the connection returns to the pool.
   */
  protocolEnded(): void;
}

/** Parsed upstream URLs: deployments call a handful of URLs over and over. */
const SPLIT_URLS_MAX = 1_000;
const splitUrls = new Map<string, { origin: string; path: string }>();

/**
 * An upstream URL as undici's dispatcher takes it (origin, path with query). Cached: undici's top-level
 * `request(url)` parses the URL again on every call (WHATWG URL), which showed in the gateway's profile.
 */
function splitUrl(url: string): { origin: string; path: string } {
  let split = splitUrls.get(url);
  if (!split) {
    const parsed = new URL(url);
    split = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (splitUrls.size >= SPLIT_URLS_MAX) splitUrls.clear();
    splitUrls.set(url, split);
  }
  return split;
}

/**
 * The one way adapters reach an upstream: pooled, never following redirects, bounded by the target's
 * deadline and stopped at once by the caller's signal. Resolves when status and headers arrived.
 * HTTP error statuses are returned, not thrown: their bodies are provider-specific.
 */
export async function sendUpstream(call: UpstreamCall, target: DeploymentTarget, ctx: CallContext): Promise<UpstreamResponse> {
  const deadlineMs = call.mode === 'stream' ? (target.streamTimeoutMs ?? target.timeoutMs) : target.timeoutMs;
  // One signal aborts the call for either reason (undici takes any signal with 'abort' listeners).
  // AbortSignal.any would do the same, but on Node 20 it allocates weak references per call and showed
  // up in the gateway's CPU and GC profile.
  const abort = new CallAbortController();
  // A plain flag object, not a getter over a local: V8 gives every object literal with an accessor closure
  // a map of its own, held from old space until the next full GC, so the scavenger kept each request's whole
  // graph alive through that closure and promoted it (scavenges of 10+ ms, the gateway's tail and memory).
  const deadline = { aborted: false };
  const timer = setTimeout(() => {
    deadline.aborted = true;
    abort.abort();
  }, deadlineMs);
  const onClientAbort = (): void => abort.abort(ctx.signal.reason);
  if (ctx.signal.aborted) abort.abort(ctx.signal.reason);
  else ctx.signal.addEventListener('abort', onClientAbort, { once: true });
  const signals: FailureSignals = { client: ctx.signal, deadline, deadlineMs };
  const stopDeadline = (): void => clearTimeout(timer);
  const release = (): void => {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onClientAbort);
  };

  let response: Dispatcher.ResponseData;
  try {
    const { origin, path } = splitUrl(call.url);
    response = await upstreamAgent().request({
      origin,
      path,
      method: 'POST',
      headers: ctx.traceHeaders ? { ...call.headers, ...ctx.traceHeaders } : call.headers,
      body: call.body,
      signal: abort,
      maxRedirections: 0,
      // A JSON call's deadline (the timer above) already covers its headers and its whole body, so undici's own
      // timers are off for it: each one undici sets is a timer object and a WeakRef per request, held in its
      // timer list until the next tick of that list (up to a second), long enough for the scavenger to promote
      // them. A stream keeps them: its body timeout is the gap allowed between chunks.
      headersTimeout: call.mode === 'json' ? 0 : deadlineMs,
      bodyTimeout: call.mode === 'json' ? 0 : target.timeoutMs,
    });
  } catch (error) {
    release();
    throw classifyUpstreamFailure(error, signals, 'connect');
  }

  if (response.statusCode >= 300 && response.statusCode < 400) {
    release();
    await response.body.dump().catch(() => undefined); // frees the pooled connection; the error below is what matters
    throw new ProviderError('upstream_error', 502, `The upstream answered ${response.statusCode} (a redirect); redirects are not followed`, {
      upstreamStatus: response.statusCode,
    });
  }

  const exchange: Exchange = { source: response.body, mode: call.mode, signals, stopDeadline, release, endMarkerSeen: false };
  return {
    status: response.statusCode,
    headers: response.headers,
    body: new UpstreamBody(exchange),
    async text() {
      // The whole body at once (undici concatenates the chunks): no async iteration per chunk.
      const source = exchange.source;
      try {
        return await source.text();
      } catch (error) {
        throw classifyUpstreamFailure(error, signals, 'body');
      } finally {
        release();
        if (!source.readableEnded && !source.destroyed) dropConnection(source);
      }
    },
    protocolEnded() {
      exchange.endMarkerSeen = true;
    },
  };
}
