import { toUtf8 } from '@smithy/util-utf8';
import type { StreamSource } from '../http/stream-source.ts';
import { ProviderError } from '../provider-error.ts';
import { bedrockStreamPayloadSchemas, type BedrockStreamEvent, type BedrockStreamEventType } from './bedrock-api.ts';
import { mapBedrockError } from './map-bedrock-error.ts';
import { headerString, readEventStreamFrames } from './read-event-stream-frames.ts';

function malformed(): ProviderError {
  return new ProviderError('upstream_error', 502, 'The upstream sent a malformed stream event');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isKnownType(type: string | undefined): type is BedrockStreamEventType {
  return type !== undefined && Object.hasOwn(bedrockStreamPayloadSchemas, type);
}

/**
 * ConverseStream's event frames as typed events. The event type comes from the `:event-type` header;
 * exception and error frames end the iteration with the mapped ProviderError. Unknown event types
 * (newer than this code) are skipped.
 */
export async function* readBedrockStream(source: StreamSource, secrets: readonly (string | undefined)[]): AsyncGenerator<BedrockStreamEvent> {
  for await (const frame of readEventStreamFrames(source.body)) {
    const messageType = headerString(frame, ':message-type');
    const body = parseJson(toUtf8(frame.body));
    if (messageType === 'exception') throw mapBedrockError({ body, exceptionType: headerString(frame, ':exception-type') ?? 'ModelStreamErrorException', secrets });
    if (messageType === 'error') {
      const message = headerString(frame, ':error-message') ?? 'The upstream stream failed';
      throw mapBedrockError({ body: { message }, exceptionType: headerString(frame, ':error-code') ?? 'InternalServerException', secrets });
    }
    const type = headerString(frame, ':event-type');
    if (!isKnownType(type)) continue;
    const parsed = bedrockStreamPayloadSchemas[type].safeParse(body);
    if (!parsed.success) throw malformed();
    yield { type, payload: parsed.data } as BedrockStreamEvent;
  }
}
