import { sendJsonText } from '@switchboard/service-kit';
import type { WireFormat } from '../wire-format.ts';
import { anthropicErrorFrame, sendAnthropicError } from './anthropic-error-body.ts';
import { AnthropicEventTranslator } from './anthropic-event-translator.ts';
import { anthropicMessageId } from './anthropic-message-id.ts';
import { openAIToAnthropicMessage } from './openai-to-anthropic-message.ts';

/** `/v1/messages` answered by an OpenAI-format provider: results translated back to Anthropic's format. */
export const translatedAnthropicFormat: WireFormat = {
  writeJson(res, body, usage, _text, mask) {
    const text = mask.maskText(JSON.stringify(openAIToAnthropicMessage(body, usage)));
    sendJsonText(res, 200, text);
    return text;
  },
  sendError: sendAnthropicError,
  stream: () => new AnthropicEventTranslator(),
  clientBody: (body, usage) => openAIToAnthropicMessage(body, usage) as unknown as Record<string, unknown>,
  clientId: anthropicMessageId,
};

/** `/v1/messages` answered natively by Anthropic: the upstream's message and events go out unchanged. */
export const nativeAnthropicFormat: WireFormat = {
  writeJson(res, body, _usage, _text, mask) {
    const text = mask.maskText(JSON.stringify(body));
    sendJsonText(res, 200, text);
    return text;
  },
  sendError: sendAnthropicError,
  stream() {
    return {
      frames: (event) => `event: ${event.event ?? 'message'}\ndata: ${event.data}\n\n`,
      end: () => '', // Anthropic's own message_stop already closed the stream
      error: anthropicErrorFrame,
    };
  },
};
