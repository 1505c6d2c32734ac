import { DispatchExchange, textOf } from './dispatch-exchange.ts';

/**
 * One upstream exchange whose body is read whole (a JSON call), keeping the chunks as they arrive (see
 * DispatchExchange). It is `ready` once the whole answer is in, so a JSON call waits once; `bytes()` and `text()`
 * settle when the body ended, and `endedText()` reads it without waiting then. `done` runs once when the exchange
 * ends either way. A failure after the end is ignored; one before it rejects `ready` and any reader.
 */
export class WholeResponse extends DispatchExchange {
  protected readonly readyAt = 'end';
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private reader: { resolve(body: Buffer): void; reject(error: unknown): void } | undefined;

  constructor(private readonly done: () => void) {
    super();
  }

  /** The whole body, once it ended. */
  bytes(): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve(this.body());
    return new Promise<Buffer>((resolve, reject) => {
      this.reader = { resolve, reject };
    });
  }

  /**
   * The whole body as text (UTF-8, a leading byte order mark dropped, as undici's `text()`). Not an async
   * function: a body that already ended (the usual JSON answer) costs one promise, not three. Failures still
   * come as a rejection (a body too large for one string included), as from the async function before.
   */
  text(): Promise<string> {
    if (!this.ended || this.failure) return this.bytes().then(textOf);
    try {
      return Promise.resolve(this.endedText());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The whole body as text once it ended (throws before that, and for a body too large for one string). */
  endedText(): string {
    if (!this.ended) throw new Error('the body has not ended');
    return textOf(this.body());
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
    this.reader?.resolve(this.body());
    this.reader = undefined;
  }

  onError(error: Error): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.chunks = [];
    this.markFailed(error);
    this.done();
    this.reader?.reject(error);
    this.reader = undefined;
  }

  private body(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] as Buffer;
  }
}
