import { DispatchExchange, textOf } from './dispatch-exchange.ts';

/**
 * One upstream exchange whose body is read whole (a JSON call), keeping the chunks as they arrive (see
 * DispatchExchange). It is `ready` once the whole answer is in, so a JSON call waits once and then reads the body
 * without waiting (`endedBytes`, `endedText`). A failure before the end rejects `ready`; one after it is ignored.
 * `done` runs once when the exchange ends either way.
 */
export class WholeResponse extends DispatchExchange {
  protected readonly readyAt = 'end';
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;

  constructor(private readonly done: () => void) {
    super();
  }

  /** The whole body, once the exchange ended (throws before that: the reader did not wait for `ready`). */
  endedBytes(): Buffer {
    if (!this.ended) throw new Error('the body has not ended');
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] as Buffer;
  }

  /** The whole body as text (UTF-8, a leading byte order mark dropped, as undici's `text()`); throws as endedBytes, and for a body too large for one string. */
  endedText(): string {
    return textOf(this.endedBytes());
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }

  onComplete(): void {
    this.ended = true;
    this.markEnded();
    this.done();
  }

  onError(error: Error): void {
    // `over`: the exchange already ended or failed (a failure after the end is ignored).
    if (this.over) return;
    this.chunks = [];
    this.markFailed(error);
    this.done();
  }
}
