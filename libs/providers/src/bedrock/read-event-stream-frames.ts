import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { ProviderError } from '../provider-error.ts';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
/** Prelude: total length (4 bytes), headers length (4), prelude CRC (4). */
const PRELUDE_BYTES = 12;
/** Bedrock frames are small; anything near this is a corrupt length, not a real frame. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

function malformed(detail: string): ProviderError {
  return new ProviderError('upstream_error', 502, `The upstream sent a malformed event stream: ${detail}`);
}

/**
 * Splits raw body chunks into AWS event-stream frames (`application/vnd.amazon.eventstream`) and decodes
 * each with the SDK's codec, which checks both CRCs. A body that ends inside a frame was cut.
 */
export async function* readEventStreamFrames(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Message> {
  let buffer: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    buffer = buffer.length === 0 ? chunk : concat(buffer, chunk);
    while (buffer.length >= PRELUDE_BYTES) {
      const total = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength).getUint32(0, false);
      if (total < PRELUDE_BYTES + 4 || total > MAX_FRAME_BYTES) throw malformed(`a frame claims ${total} bytes`);
      if (buffer.length < total) break;
      let message: Message;
      try {
        message = codec.decode(buffer.subarray(0, total));
      } catch {
        throw malformed('a frame failed its checksum');
      }
      buffer = buffer.subarray(total);
      yield message;
    }
  }
  if (buffer.length > 0) throw new ProviderError('upstream_error', 502, 'The upstream stream was cut: it ended in the middle of an event');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** A string header's value (`:event-type`, `:message-type`, ...). */
export function headerString(message: Message, name: string): string | undefined {
  const header = message.headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

/** Encodes one event frame the way Bedrock writes it (used by tests to replay decoded recordings). */
export function encodeEventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Encodes an exception frame (`:message-type: exception`), as Bedrock sends mid-stream failures. */
export function encodeExceptionFrame(exceptionType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}
