import type { Response } from 'express';
import type { SecretMask } from '@switchboard/providers';

/** The head of every SSE answer, as the one array writeHead takes (see DeferredHeadersResponse); never changed. */
export const SSE_HEAD: string[] = ['content-type', 'text/event-stream; charset=utf-8', 'cache-control', 'no-cache', 'x-accel-buffering', 'no'];

/** Resolves when the socket can take more (or closed), so a slow client cannot make us buffer a whole stream. */
export function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * SSE frames for the client, gathered per upstream read: the events of one upstream chunk are parsed one by
 * one (each a promise turn) but go out as one `write` (one HTTP chunk), instead of a write, a chunk header and
 * a trailer each. The write is a `process.nextTick` queued from those turns: Node runs it once the microtasks
 * of the callback that read the chunk are done, before the event loop reads the next socket. `setImmediate`
 * (what this was) waited for every other socket's callbacks of the same poll phase first (Redis's, PostgreSQL's
 * and the journal's among them): with a virtual key that put about 0.5 ms on the harness's time to first token,
 * 0.1 ms in a same-core A/B (README, #19's twenty-second session), for no fewer writes, since each socket's
 * callback runs once per phase. `wait` is set while the socket is full. What goes out is masked with the
 * deployment's credentials: frames hold whole events (the SSE reader joins upstream chunks), and a key never
 * spans two events, so no tail needs keeping here.
 */
export class FrameWriter {
  private pending = '';
  private scheduled = false;
  wait: Promise<void> | undefined;

  constructor(
    private readonly res: Response,
    private readonly mask: SecretMask,
  ) {}

  add(frames: string): void {
    this.pending += frames;
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const text = this.take();
    if (text === '' || this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.write(text)) this.wait ??= drained(this.res).then(() => (this.wait = undefined));
  }

  /** What is gathered and not yet written (the last write goes out with `res.end`). */
  take(): string {
    const text = this.pending;
    this.pending = '';
    return text === '' ? text : this.mask.maskText(text);
  }
}
