import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

const BOM = [0xef, 0xbb, 0xbf] as const;

/** A whole body as text: UTF-8, a leading byte order mark dropped (as undici's `text()`). */
export function textOf(body: Buffer): string {
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
 * One upstream exchange as undici's dispatch handler: the part every upstream call shares, its head (status and
 * headers) and a way to stop it. `request()` wraps every answer in a Readable (its state, events, an async
 * resource, a consume step, a 'readable' event and a tick per chunk); the handlers built on this take the
 * chunks straight from undici's parser. What happens to the body is the subclass's (WholeResponse keeps it
 * whole, StreamResponse hands it out chunk by chunk).
 *
 * `ready` settles when the exchange is ready for its reader (see `readyAt`), or rejects when the call failed before.
 */
export abstract class DispatchExchange implements Dispatcher.DispatchHandlers {
  status = 0;
  readonly ready: Promise<void>;
  /**
   * When `ready` settles: at the `head` (status and headers: a stream's reader takes the body as it comes), or at
   * the `end` of the answer (a body read whole: one wait per call instead of one for the head and one for the body).
   */
  protected abstract readonly readyAt: 'head' | 'end';
  /** The exchange ended or failed: nothing is left to stop. */
  protected over = false;
  /** Views into the socket's chunks: undici hands them over and never writes to them again. */
  private rawHeaders: Buffer[] | string[] | null = null;
  private parsedHeaders: IncomingHttpHeaders | undefined;
  private readySettled = false;
  private settleReady!: { resolve(): void; reject(error: unknown): void };
  private abortExchange: ((reason: Error) => void) | undefined;
  private pendingAbort: Error | undefined;

  constructor() {
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = { resolve, reject };
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
    if (this.over) return;
    if (this.abortExchange) this.abortExchange(reason);
    else this.pendingAbort = reason;
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.pendingAbort) abort(this.pendingAbort);
    else this.abortExchange = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null, resume?: () => void): boolean {
    if (statusCode < 200) return true; // an informational answer (100 Continue): the real one follows
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    this.headArrived(resume);
    if (this.readyAt === 'head') this.becomeReady();
    return true;
  }

  abstract onData(chunk: Buffer): boolean;
  abstract onComplete(): void;
  abstract onError(error: Error): void;

  /** A subclass's hook when the final head arrives; `resume` restarts a body paused by `onData` returning false. */
  protected headArrived(_resume: (() => void) | undefined): void {}

  /** The exchange ended: it can no longer be stopped (and an exchange ready at its end is ready). */
  protected markEnded(): void {
    this.over = true;
    this.abortExchange = undefined;
    this.becomeReady();
  }

  /** The exchange failed: rejects `ready` if it had not settled (a failure after that is the body reader's). */
  protected markFailed(error: unknown): void {
    this.over = true;
    this.abortExchange = undefined;
    if (this.readySettled) return;
    this.readySettled = true;
    this.settleReady.reject(error);
  }

  private becomeReady(): void {
    if (this.readySettled) return;
    this.readySettled = true;
    this.settleReady.resolve();
  }
}
