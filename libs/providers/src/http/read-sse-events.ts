import { ProviderError } from '../provider-error.ts';
import { SseLineSplitter } from './sse-line-splitter.ts';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.ts';

export interface SseEvent {
  /** The `event:` field, when the upstream named the event (OpenAI Responses, Anthropic). */
  event?: string;
  /** The `data:` field; several `data:` lines of one event are joined with `\n`, as the SSE spec says. */
  data: string;
}

export interface ReadSseOptions {
  /** OpenAI-style streams end with `data: [DONE]`; without it the stream was cut. */
  expectDone: boolean;
  /** Called on `[DONE]`, before the iteration ends (see UpstreamResponse.protocolEnded). */
  onDone?: () => void;
}

function cutStreamError(detail: string): ProviderError {
  return new ProviderError('upstream_error', 502, `The upstream stream was cut: ${detail}`);
}

/**
 * SSE events from raw body chunks, synchronously: `push` returns the events a chunk completes. Comments
 * and `id:`/`retry:` fields are skipped. After `[DONE]`, `done` is set and nothing more is returned.
 */
export class SseEventParser {
  /** `data: [DONE]` arrived: the caller stops reading (a server may keep the response open after it). */
  done = false;
  private readonly decoder = new Utf8ChunkDecoder();
  private readonly splitter = new SseLineSplitter();
  private data: string | undefined;
  private eventName: string | undefined;

  push(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.done) return events;
    for (const line of this.splitter.push(this.decoder.decode(chunk))) {
      if (line === '') {
        const data = this.data;
        if (data !== undefined) {
          if (data === '[DONE]') {
            this.done = true;
            return events;
          }
          events.push(this.eventName === undefined ? { data } : { event: this.eventName, data });
        }
        this.data = undefined;
        this.eventName = undefined;
        continue;
      }
      const first = line.charCodeAt(0);
      if (first === 58 /* ':' comment */) continue;
      let value: string;
      let field: string;
      // `data: ...` is nearly every line: read it without splitting the line first.
      if (first === 100 /* 'd' */ && line.startsWith('data:')) {
        field = 'data';
        value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      } else {
        const colon = line.indexOf(':');
        field = colon === -1 ? line : line.slice(0, colon);
        value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.charCodeAt(0) === 32) value = value.slice(1);
      }
      if (field === 'data') this.data = this.data === undefined ? value : `${this.data}\n${value}`;
      else if (field === 'event') this.eventName = value;
    }
    return events;
  }

  /**
   * The body ended (without `[DONE]`, or `done` would be set): throws a ProviderError when it stopped
   * mid-event, or without `[DONE]` when one is expected.
   */
  end(expectDone: boolean): void {
    if (this.done) return;
    const rest = this.splitter.rest() + this.decoder.end();
    // Some servers end the last event with a single newline; `[DONE]` there still means "complete".
    if (rest === 'data: [DONE]' || rest === 'data:[DONE]' || (rest === '' && this.data === '[DONE]')) {
      this.done = true;
      return;
    }
    if (rest !== '' || this.data !== undefined) throw cutStreamError('it ended in the middle of an event');
    if (expectDone) throw cutStreamError('it ended without [DONE]');
  }
}

/**
 * Reads SSE events from raw body chunks (see SseEventParser). `[DONE]` ends the iteration at once, without
 * waiting for the body to end: a server that keeps its response open after it must not hold the client's
 * stream. A stream that stops mid-event, or without `[DONE]` when one is expected, ends with a ProviderError.
 */
export async function* readSseEvents(chunks: AsyncIterable<Uint8Array>, options: ReadSseOptions): AsyncGenerator<SseEvent> {
  const parser = new SseEventParser();
  for await (const chunk of chunks) {
    yield* parser.push(chunk);
    if (parser.done) {
      options.onDone?.();
      return;
    }
  }
  parser.end(options.expectDone);
}
