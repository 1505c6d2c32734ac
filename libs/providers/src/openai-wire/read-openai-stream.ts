import { SseEventParser, type SseEvent } from '../http/read-sse-events.ts';
import type { StreamSource } from '../http/stream-source.ts';
import type { StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { inspectChatChunk, type ChunkFacts, type InspectOptions } from './inspect-chat-chunk.ts';
import { inspectResponsesEvent, isTerminalResponsesEvent, responsesEventType } from './inspect-responses-event.ts';

export interface OpenAIStreamOptions extends InspectOptions {
  /** Chat/Completions streams end with `data: [DONE]`; Responses streams end with a terminal event. */
  expectDone: boolean;
}

function inspect(operation: StreamOperation, event: SseEvent, options: InspectOptions): ChunkFacts {
  try {
    return operation === 'responses' ? inspectResponsesEvent(event, options) : inspectChatChunk(event.data, options);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    // JSON.parse failed: relaying a broken event would break the client's parser instead.
    throw new ProviderError('upstream_error', 502, 'The upstream sent a malformed stream event');
  }
}

/**
 * Upstream SSE → StreamEvents. Each event's JSON text is passed on exactly as received (no re-serializing);
 * usage, finish and output text are read alongside. In-stream upstream errors end the iteration with
 * a ProviderError, so the gateway can still fail over if nothing reached the client yet.
 */
export async function* readOpenAIStream(
  source: StreamSource,
  operation: StreamOperation,
  options: OpenAIStreamOptions,
): AsyncGenerator<StreamEvent> {
  const responses = operation === 'responses';
  const expectDone = !responses && options.expectDone;
  let terminalSeen = false;
  // The SSE parser is used directly (not through readSseEvents): one async generator less per event.
  const parser = new SseEventParser();
  for await (const chunk of source.body) {
    for (const sse of parser.push(chunk)) {
      const facts = inspect(operation, sse, options);
      if (responses && isTerminalResponsesEvent(responsesEventType(sse))) terminalSeen = true;
      const event: StreamEvent = { data: sse.data };
      if (sse.event !== undefined) event.event = sse.event;
      if (facts.usage) event.usage = facts.usage;
      if (facts.finished) event.finished = true;
      if (facts.text !== undefined) event.text = facts.text;
      yield event;
    }
    if (parser.done) {
      source.protocolEnded();
      break;
    }
  }
  parser.end(expectDone);
  if (responses && !terminalSeen) {
    throw new ProviderError('upstream_error', 502, 'The upstream stream was cut: it ended before the response completed');
  }
}
