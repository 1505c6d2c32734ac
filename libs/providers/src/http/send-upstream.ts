import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher, FormData } from 'undici';
import type { CallContext, DeploymentTarget } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { UpstreamCallCaptured } from './capture-upstream-call.ts';
import { classifyUpstreamFailure, type FailureSignals } from './classify-upstream-failure.ts';
import { upstreamAgent } from './upstream-agent.ts';
import { StreamResponse } from './stream-response.ts';
import { WholeResponse } from './whole-response.ts';

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
   * The whole body as text without waiting, where it is already in: a JSON call's answer (sendUpstream resolves
   * it whole). Absent on a stream. Throws what `text()` would reject with.
   */
  textNow?(): string;
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

/** Where and how long one call may take (see UpstreamCall.mode). */
interface Leg {
  origin: string;
  path: string;
  headers: Record<string, string>;
  deadlineMs: number;
}

/**
 * The one way adapters reach an upstream: pooled, never following redirects, bounded by the target's
 * deadline and stopped at once by the caller's signal. Resolves when status and headers arrived (`stream`), or
 * when the whole answer did (`json`: its reader waits no more). HTTP error statuses are returned, not thrown:
 * their bodies are provider-specific. Not an async function: it hands on its leg's promise instead of wrapping it
 * in one more (a JSON call's path waits on as few promises as it can, see the README's #19 sessions).
 */
export function sendUpstream(call: UpstreamCall, target: DeploymentTarget, ctx: CallContext): Promise<UpstreamResponse> {
  if (ctx.captureOnly === true) return Promise.reject(new UpstreamCallCaptured(call));
  const deadlineMs = deadlineMsOf(target, call.mode === 'stream');
  let split: { origin: string; path: string };
  try {
    split = splitUrl(call.url);
  } catch (error) {
    return Promise.reject(classifyUpstreamFailure(error, { client: ctx.signal, deadline: { aborted: false }, deadlineMs }, 'connect'));
  }
  const leg: Leg = { origin: split.origin, path: split.path, headers: ctx.traceHeaders ? { ...call.headers, ...ctx.traceHeaders } : call.headers, deadlineMs };
  return call.mode === 'json' ? sendForWholeBody(call, leg, ctx) : sendForStream(call, leg, target, ctx);
}

/** The deadline a call runs under: a stream's own (until its first byte), else the target's. */
export function deadlineMsOf(target: Pick<DeploymentTarget, 'timeoutMs' | 'streamTimeoutMs'>, stream: boolean): number {
  return stream ? (target.streamTimeoutMs ?? target.timeoutMs) : target.timeoutMs;
}

/** Refuses a redirect (after letting its body end, which frees the pooled connection). */
async function refuseRedirect(status: number, drain: () => Promise<unknown>): Promise<never> {
  await drain().catch(() => undefined);
  throw new ProviderError('upstream_error', 502, `The upstream answered ${status} (a redirect); redirects are not followed`, { upstreamStatus: status });
}

/** What a call's body reader shares with the call: how failures are classified, and the call's watches. */
export interface CallWatch {
  signals: FailureSignals;
  /** Stops the deadline only (a stream's first body byte arrived: the deadline runs until then). */
  stopDeadline(): void;
  /** Ends the deadline and the client-abort watch. */
  release(): void;
}

/**
 * A call's deadline and the client's abort, both stopping it through `stop` (with no reason for the deadline).
 * A client that left before the call is the caller's to check.
 */
function watchCall(ctx: CallContext, deadlineMs: number, stop: (reason: unknown) => void): CallWatch {
  // A plain flag object, not a getter over a local: V8 gives every object literal with an accessor closure
  // a map of its own, held from old space until the next full GC, so the scavenger kept each request's whole
  // graph alive through that closure and promoted it (scavenges of 10+ ms, the gateway's tail and memory).
  const deadline = { aborted: false };
  const timer = setTimeout(() => {
    deadline.aborted = true;
    stop(undefined);
  }, deadlineMs);
  const onClientAbort = (): void => stop(ctx.signal.reason);
  if (!ctx.signal.aborted) ctx.signal.addEventListener('abort', onClientAbort, { once: true });
  return {
    signals: { client: ctx.signal, deadline, deadlineMs },
    stopDeadline: () => clearTimeout(timer),
    release: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onClientAbort);
    },
  };
}

/**
 * A JSON call: the deadline covers the whole exchange, body included, and the body is kept whole as it arrives
 * (WholeResponse, a dispatch handler: no Readable per answer). It resolves once the whole answer is in, so the
 * call waits once, not for the head and then for the body. undici's own timers are off: each one it sets is
 * a timer object and a WeakRef per request, held in its timer list until the next tick of that list (up to a
 * second), long enough for the scavenger to promote them.
 */
async function sendForWholeBody(call: UpstreamCall, leg: Leg, ctx: CallContext): Promise<UpstreamResponse> {
  const { signals, release } = watchCall(ctx, leg.deadlineMs, (reason) => exchange.abort(abortError(reason)));
  const exchange: WholeResponse = new WholeResponse(release);
  if (ctx.signal.aborted) exchange.abort(abortError(ctx.signal.reason));

  try {
    upstreamAgent().dispatch(
      { origin: leg.origin, path: leg.path, method: 'POST', headers: leg.headers, body: call.body, maxRedirections: 0, headersTimeout: 0, bodyTimeout: 0 } as Dispatcher.DispatchOptions,
      exchange,
    );
    await exchange.ready;
  } catch (error) {
    release();
    throw classifyUpstreamFailure(error, signals, exchange.status === 0 ? 'connect' : 'body');
  }
  // The whole answer is in: a redirect's body has nothing left to drain.
  if (exchange.status >= 300 && exchange.status < 400) return refuseRedirect(exchange.status, () => Promise.resolve());

  return new WholeBodyResponse(exchange, signals);
}

/**
 * A JSON call's answer as adapters read it. A class, so its getters live on the prototype: the headers are parsed
 * only when read (see WholeResponse), and no object literal with accessor closures is made per call.
 */
class WholeBodyResponse implements UpstreamResponse {
  constructor(
    private readonly exchange: WholeResponse,
    private readonly signals: FailureSignals,
  ) {}

  get status(): number {
    return this.exchange.status;
  }

  get headers(): IncomingHttpHeaders {
    return this.exchange.headers;
  }

  get body(): AsyncIterable<Uint8Array> {
    return wholeBody(this.exchange);
  }

  text(): Promise<string> {
    try {
      return Promise.resolve(this.textNow());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The answer ended before sendUpstream resolved; only a body too large for one string can fail here. */
  textNow(): string {
    try {
      return this.exchange.endedText();
    } catch (error) {
      throw classifyUpstreamFailure(error, this.signals, 'body');
    }
  }

  protocolEnded(): void {
    // The body is read whole whatever the protocol says.
  }
}

/** What undici's abort takes: an Error (a signal's reason may be anything). */
function abortError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('aborted');
}

/** A JSON call's body as one chunk, for a reader that iterates (the body is whole before sendUpstream resolves). */
async function* wholeBody(exchange: WholeResponse): AsyncGenerator<Uint8Array> {
  const body = exchange.endedBytes();
  if (body.length > 0) yield body;
}

/**
 * A stream: the deadline (streamTimeoutMs, else timeoutMs) runs until the first body byte; after that, undici's
 * body timeout is the gap allowed between chunks. The body is handed out chunk by chunk as undici's parser gives
 * it (StreamResponse, a dispatch handler: no Readable per answer).
 */
async function sendForStream(call: UpstreamCall, leg: Leg, target: DeploymentTarget, ctx: CallContext): Promise<UpstreamResponse> {
  const watch = watchCall(ctx, leg.deadlineMs, (reason) => exchange.abort(abortError(reason)));
  const exchange: StreamResponse = new StreamResponse(watch);
  if (ctx.signal.aborted) exchange.abort(abortError(ctx.signal.reason));

  try {
    upstreamAgent().dispatch(
      { origin: leg.origin, path: leg.path, method: 'POST', headers: leg.headers, body: call.body, maxRedirections: 0, headersTimeout: leg.deadlineMs, bodyTimeout: target.timeoutMs } as Dispatcher.DispatchOptions,
      exchange,
    );
    await exchange.ready;
  } catch (error) {
    watch.release();
    throw classifyUpstreamFailure(error, watch.signals, 'connect');
  }
  if (exchange.status >= 300 && exchange.status < 400) return refuseRedirect(exchange.status, () => exchange.text());

  return exchange;
}
