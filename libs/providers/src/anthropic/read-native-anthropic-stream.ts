import type { StreamSource } from '../http/stream-source.ts';
import type { StreamEvent } from '../provider.ts';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-api.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';
import { readAnthropicEvents } from './read-anthropic-events.ts';

/** Billable output text of a delta: answer text, thinking, and tool input. */
export function anthropicDeltaText(event: AnthropicStreamEvent): string {
  const delta = event.delta;
  if (event.type !== 'content_block_delta' || !delta) return '';
  return delta.text ?? delta.thinking ?? delta.partial_json ?? '';
}

/**
 * Anthropic events passed through unchanged (data and event name), with what the gateway needs read
 * alongside: output text, and on `message_delta` the whole call's usage and the end of the answer.
 */
export async function* readNativeAnthropicStream(source: StreamSource, secrets: readonly (string | undefined)[]): AsyncGenerator<StreamEvent> {
  let startUsage: AnthropicUsage | undefined;
  for await (const { data, name, event } of readAnthropicEvents(source, secrets)) {
    const out: StreamEvent = { data, event: name };
    if (event.type === 'message_start') startUsage = event.message?.usage ?? undefined;
    if (event.type === 'message_delta') {
      out.usage = convertAnthropicUsage(mergeAnthropicUsage(startUsage, event.usage));
      out.finished = true;
    }
    const text = anthropicDeltaText(event);
    if (text !== '') out.text = text;
    yield out;
  }
}
