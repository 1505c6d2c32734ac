import { readSseEvents } from '../http/read-sse-events.ts';
import type { StreamSource } from '../http/stream-source.ts';
import { ProviderError } from '../provider-error.ts';
import { anthropicStreamEventSchema, type AnthropicStreamEvent } from './anthropic-api.ts';
import { mapAnthropicError } from './map-anthropic-error.ts';

export interface AnthropicSseEvent {
  /** The event's JSON text exactly as received. */
  data: string;
  /** The SSE event name (Anthropic names every event after its `type`). */
  name: string;
  event: AnthropicStreamEvent;
}

function malformed(): ProviderError {
  return new ProviderError('upstream_error', 502, 'The upstream sent a malformed stream event');
}

function parseEvent(data: string): AnthropicStreamEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    throw malformed();
  }
  const parsed = anthropicStreamEventSchema.safeParse(raw);
  if (!parsed.success) throw malformed();
  return parsed.data;
}

/**
 * An Anthropic SSE stream as parsed events, up to and including `message_stop`. An `error` event ends
 * the iteration with the mapped ProviderError; a stream that ends before `message_stop` was cut.
 */
export async function* readAnthropicEvents(source: StreamSource, secrets: readonly (string | undefined)[]): AsyncGenerator<AnthropicSseEvent> {
  for await (const sse of readSseEvents(source.body, { expectDone: false })) {
    const event = parseEvent(sse.data);
    if (event.type === 'error') throw mapAnthropicError({ body: event, secrets });
    yield { data: sse.data, name: sse.event ?? event.type, event };
    if (event.type === 'message_stop') {
      // The protocol's end: what follows is only the end of the HTTP response (see send-upstream.ts).
      source.protocolEnded();
      return;
    }
  }
  throw new ProviderError('upstream_error', 502, 'The upstream stream was cut: it ended before message_stop');
}
