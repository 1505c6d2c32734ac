import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

const BOM = [0xef, 0xbb, 0xbf] as const;

function textOf(body: Buffer): string {
  const start = body[0] === BOM[0] && body[1] === BOM[1] && body[2] === BOM[2] ? 3 : 0;
  return body.toString('utf8', start);
}

/** Raw header pairs as undici's `request()` gives them: lowercase names, UTF-8 values, repeats as arrays. */
export function headersOf(raw: Buffer[] | string[] | null): IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  if (!raw) return headers;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as Buffer | string;
    const key = (typeof name === 'string' ? name : name.toString('latin1')).toLowerCase();
    const rawValue = raw[i + 1] as Buffer | string;
    const value = typeof rawValue === 'string' ? rawValue : rawValue.toString('utf8');
    const before = headers[key];
    if (before === undefined) headers[key] = value;
    else if (typeof before === 'string') headers[key] = [before, value];
    else before.push(value);
  }
  return headers;
}

/**
 * One upstream exchange whose body is read whole (a JSON call): undici's dispatch handler, keeping the chunks
 * as they arrive. `request()` wraps every answer in a Readable (its state, events, an async resource, a
 * consume step and a destroy); a JSON call reads the body whole anyway, and those showed as several percent
 * of the gateway's CPU per request in its profile.
 *
 * `head` settles when the status and headers arrived (or the call failed before them); `bytes()` and `text()`
 * when the body ended. `done` runs once when the exchange ends either way. A failure after the head is reported only to a
 * reader of the body, so an exchange nobody reads leaves no unhandled rejection behind.
 */
export class WholeResponse implements Dispatcher.DispatchHandlers {
  status = 0;
  /** Views into the socket's chunks: undici hands them over and never writes to them again. */
  private rawHeaders: Buffer[] | string[] | null = null;
  private parsedHeaders: IncomingHttpHeaders | undefined;
  readonly head: Promise<void>;
  private headSettled = false;
  private settleHead!: { resolve(): void; reject(error: unknown): void };
  private abortExchange: ((reason: Error) => void) | undefined;
  private pendingAbort: Error | undefined;
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private reader: { resolve(body: Buffer): void; reject(error: unknown): void } | undefined;

  constructor(private readonly done: () => void) {
    this.head = new Promise<void>((resolve, reject) => {
      this.settleHead = { resolve, reject };
    });
  }

  /**
   * The answer's headers, read when first asked for: only an error's mapping and a few adapters read them, so
   * the answers nobody asks about skip the work.
   */
  get headers(): IncomingHttpHeaders {
    if (!this.parsedHeaders) {
      this.parsedHeaders = headersOf(this.rawHeaders);
      this.rawHeaders = null;
    }
    return this.parsedHeaders;
  }

  /** Stops the exchange (a deadline, the client leaving); undici then reports `reason` through onError. */
  abort(reason: Error): void {
    if (this.ended || this.failure) return;
    if (this.abortExchange) this.abortExchange(reason);
    else this.pendingAbort = reason;
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
      return Promise.resolve(textOf(this.body()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.pendingAbort) abort(this.pendingAbort);
    else this.abortExchange = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null): boolean {
    if (statusCode < 200) return true; // an informational answer (100 Continue): the real one follows
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    this.headSettled = true;
    this.settleHead.resolve();
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }

  onComplete(): void {
    this.ended = true;
    this.abortExchange = undefined;
    this.done();
    this.reader?.resolve(this.body());
    this.reader = undefined;
  }

  onError(error: Error): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.abortExchange = undefined;
    this.chunks = [];
    this.done();
    if (!this.headSettled) this.settleHead.reject(error);
    this.reader?.reject(error);
    this.reader = undefined;
  }

  private body(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] as Buffer;
  }
}
