import { ProviderError } from '../provider-error.ts';
import { SseLineSplitter } from './sse-line-splitter.ts';

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
 * Reads SSE events from raw body chunks. Comments and `id:`/`retry:` fields are skipped. `[DONE]` ends
 * the iteration at once, without waiting for the body to end: a server that keeps its response open
 * after it must not hold the client's stream.
 * A stream that stops mid-event, or without `[DONE]` when one is expected, ends with a ProviderError.
 */
export async function* readSseEvents(chunks: AsyncIterable<Uint8Array>, options: ReadSseOptions): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const splitter = new SseLineSplitter();
  let dataLines: string[] = [];
  let eventName: string | undefined;

  for await (const chunk of chunks) {
    for (const line of splitter.push(decoder.decode(chunk, { stream: true }))) {
      if (line === '') {
        if (dataLines.length > 0) {
          const data = dataLines.join('\n');
          if (data === '[DONE]') {
            options.onDone?.();
            return;
          }
          yield eventName === undefined ? { data } : { event: eventName, data };
        }
        dataLines = [];
        eventName = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') dataLines.push(value);
      else if (field === 'event') eventName = value;
    }
  }

  const rest = splitter.rest() + decoder.decode();
  // Some servers end the last event with a single newline; `[DONE]` there still means "complete".
  if (rest === 'data: [DONE]' || rest === 'data:[DONE]' || (rest === '' && dataLines.join('\n') === '[DONE]')) return;
  if (rest !== '' || dataLines.length > 0) throw cutStreamError('it ended in the middle of an event');
  if (options.expectDone) throw cutStreamError('it ended without [DONE]');
}
