import { classifyUpstreamFailure } from './classify-upstream-failure.ts';
import { DispatchExchange, textOf } from './dispatch-exchange.ts';
import type { CallWatch, UpstreamResponse } from './send-upstream.ts';

/** Bytes held for a reader that is behind before the socket is paused (undici's Readable holds the same). */
const HIGH_WATER_BYTES = 64 * 1024;
/** How long a response may take to end after its end marker before its connection is dropped. */
const DRAIN_AFTER_END_MARKER_MS = 5_000;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A stream's upstream exchange, read chunk by chunk: undici's dispatch handler, the answer adapters read
 * (UpstreamResponse) and its body's async iterator in one (see DispatchExchange). A chunk goes from undici's parser straight to a reader that waits for it (one
 * promise per chunk); a reader that is behind finds it queued, and past HIGH_WATER_BYTES queued the socket is
 * paused until the reader catches up. Before, each chunk went through a Readable (a push, a 'readable' event on
 * the next tick, a `read()`): in a stream's CPU profile that was more than the rest of reading it.
 *
 * Every failure while reading is a ProviderError (classifyUpstreamFailure), after the chunks that arrived
 * before it. Leaving early (`return`, which a `for await` calls on break or throw) stops the upstream, unless the
 * stream's end marker was seen (`endMarkerSeen`): then what is left is only the end of the response, which
 * drains in the background (up to DRAIN_AFTER_END_MARKER_MS) so the connection returns to the pool.
 */
export class StreamResponse extends DispatchExchange implements UpstreamResponse, AsyncIterableIterator<Uint8Array> {
  /** The stream's own end marker arrived (UpstreamResponse.protocolEnded). */
  endMarkerSeen = false;
  protected readonly readyAt = 'head';
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private resumeBody: (() => void) | undefined;
  private paused = false;
  private firstByte = true;
  private ended = false;
  private failure: { error: unknown } | undefined;
  /** The reader is done: the body ended or failed and was read to there, or the reader left. */
  private finished = false;
  private drainTimer: NodeJS.Timeout | undefined;
  private waiting: { resolve(result: IteratorResult<Uint8Array>): void; reject(error: unknown): void } | undefined;

  constructor(private readonly watch: CallWatch) {
    super();
  }

  /** The body is the exchange itself: one object per stream, read as it arrives. */
  get body(): this {
    return this;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  protocolEnded(): void {
    this.endMarkerSeen = true;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.finished) return Promise.resolve(DONE);
    const chunk = this.queue.shift();
    if (chunk !== undefined) {
      this.queuedBytes -= chunk.length;
      if (this.paused && this.queue.length === 0) this.resume();
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.failure) {
      const error = classifyUpstreamFailure(this.failure.error, this.watch.signals, 'body');
      this.finish();
      return Promise.reject(error);
    }
    if (this.ended) {
      this.finish();
      return Promise.resolve(DONE);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  /** The rest of the body, whole, as text (an error status's body, a redirect's drained body). */
  async text(): Promise<string> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of this) chunks.push(chunk);
    return textOf(Buffer.concat(chunks));
  }

  protected override headArrived(resume: (() => void) | undefined): void {
    this.resumeBody = resume;
  }

  onData(chunk: Buffer): boolean {
    if (this.finished) return true; // left after the end marker: the rest drains unread
    if (this.firstByte) {
      this.firstByte = false;
      this.watch.stopDeadline(); // the first byte arrived in time
    }
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting.resolve({ done: false, value: chunk });
      return true;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes < HIGH_WATER_BYTES) return true;
    this.paused = true;
    return false;
  }

  onComplete(): void {
    this.ended = true;
    this.markEnded();
    clearTimeout(this.drainTimer);
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    this.finish();
    waiting.resolve(DONE);
  }

  onError(error: Error): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.markFailed(error);
    clearTimeout(this.drainTimer);
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    const failure = classifyUpstreamFailure(error, this.watch.signals, 'body');
    this.finish();
    waiting.reject(failure);
  }

  private resume(): void {
    this.paused = false;
    this.resumeBody?.();
  }

  /** Frees the call's watches; an unfinished body is stopped, or left to drain after the end marker. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.watch.release();
    if (!this.over) {
      if (this.endMarkerSeen) {
        this.drainTimer = setTimeout(() => this.abort(new Error('the response did not end after its end marker')), DRAIN_AFTER_END_MARKER_MS).unref();
        if (this.paused) this.resume();
      } else {
        this.abort(new Error('the reader left before the body ended')); // stop the upstream generating
      }
    }
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(DONE);
  }
}
