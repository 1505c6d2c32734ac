import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { classifyUpstreamFailure, type FailureSignals } from './classify-upstream-failure.ts';
import type { UpstreamCall } from './send-upstream.ts';

/** What one upstream call's body reader shares with the call (see sendUpstream). */
export interface Exchange {
  source: Dispatcher.ResponseData['body'];
  mode: UpstreamCall['mode'];
  signals: FailureSignals;
  stopDeadline(): void;
  release(): void;
  /** The stream's own end marker arrived (protocolEnded). */
  endMarkerSeen: boolean;
}

/** How long a response may take to end after its end marker before its connection is dropped. */
const DRAIN_AFTER_END_MARKER_MS = 5_000;

/** Closes the upstream connection mid-response (undici then reports an abort nobody is waiting for). */
export function dropConnection(source: Readable): void {
  source.once('error', () => undefined).destroy();
}

/** Lets an already-finished response end so its connection is reused; never waits long for it. */
function drainInBackground(source: Readable): void {
  const timer = setTimeout(() => dropConnection(source), DRAIN_AFTER_END_MARKER_MS).unref();
  const stop = (): void => clearTimeout(timer);
  source.once('end', stop).once('error', stop).once('close', stop).resume();
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The body's chunks as they arrive, read with `read()` (so the socket is paused while nobody reads) and handed
 * out one promise per read. Node's own async iterator over a Readable is an async generator, and this reader
 * was a second one around it: four promises and two generator resumptions per chunk, for every chunk of every
 * stream (a stream's CPU profile showed the hops). A class at module level, not a closure per call: see
 * sendUpstream on per-call maps.
 *
 * Every failure while reading is a ProviderError (classifyUpstreamFailure). Leaving early (`return`, which a
 * `for await` calls on break or throw) closes the upstream connection, unless the stream's end marker was seen:
 * then what is left is only the end of the response, which drains in the background so the connection returns
 * to the pool.
 */
export class UpstreamBody implements AsyncIterableIterator<Uint8Array> {
  private started = false;
  private finished = false;
  private ended = false;
  private error: unknown;
  private waiting: { resolve(result: IteratorResult<Uint8Array>): void; reject(error: unknown): void } | undefined;

  constructor(private readonly exchange: Exchange) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.finished) return Promise.resolve(DONE);
    if (!this.started) this.start();
    try {
      const result = this.poll();
      if (result) return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  /** Listens from the first read on: until then the body may still be read whole instead (`text()`). */
  private start(): void {
    this.started = true;
    const source = this.exchange.source;
    source.on('readable', this.onReadable);
    source.once('end', this.onEnd);
    source.once('error', this.onError);
    source.once('close', this.onClose);
    // Ended before the first read (an empty body read late): no 'end' event comes again.
    if (source.readableEnded) this.ended = true;
  }

  /**
   * The next result if one is ready now: a chunk (what is buffered, before any failure), or the end;
   * undefined when the caller must wait. Throws the failure as a ProviderError.
   */
  private poll(): IteratorResult<Uint8Array> | undefined {
    const source = this.exchange.source;
    const chunk = source.destroyed ? null : (source.read() as Buffer | null);
    if (chunk !== null) {
      if (this.exchange.mode === 'stream') this.exchange.stopDeadline(); // the first byte arrived in time
      return { done: false, value: chunk };
    }
    if (this.error !== undefined) {
      const error = classifyUpstreamFailure(this.error, this.exchange.signals, 'body');
      this.finish();
      throw error;
    }
    if (this.ended) {
      this.finish();
      return DONE;
    }
    return undefined;
  }

  private wake(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    // Taken first: a failure or the end finishes the reader, which must not answer this read as a plain end.
    this.waiting = undefined;
    let result: IteratorResult<Uint8Array> | undefined;
    try {
      result = this.poll();
    } catch (error) {
      waiting.reject(error);
      return;
    }
    if (result) waiting.resolve(result);
    else this.waiting = waiting;
  }

  private readonly onReadable = (): void => this.wake();

  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake();
  };

  /** Closed without an end: cut short (an abort surfaces as an error first, and is classified by its signal). */
  private readonly onClose = (): void => {
    if (!this.ended && this.error === undefined) this.error = Object.assign(new Error('the upstream response closed before it ended'), { code: 'UND_ERR_SOCKET' });
    this.wake();
  };

  private readonly onError = (error: unknown): void => {
    this.error = error ?? new Error('the upstream body failed');
    this.wake();
  };

  /** Stops listening and frees the call's deadline and abort listener; the connection is kept or dropped. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const { source } = this.exchange;
    if (this.started) {
      source.off('readable', this.onReadable);
      source.off('end', this.onEnd);
      source.off('error', this.onError);
      source.off('close', this.onClose);
    }
    this.exchange.release();
    if (!source.readableEnded && !source.destroyed) {
      if (this.exchange.endMarkerSeen) drainInBackground(source);
      else dropConnection(source); // the consumer stopped early: stop the upstream too
    }
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(DONE);
  }
}
