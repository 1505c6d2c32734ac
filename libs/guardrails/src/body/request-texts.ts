import type { GuardedText } from '../guardrail.ts';
import { mapAnthropicContent } from './anthropic-content-texts.ts';
import { collectTexts, replaceTexts, type BodyTextMapper } from './body-texts.ts';
import { mapChatMessage } from './chat-message-texts.ts';
import { mapResponsesItem } from './responses-item-texts.ts';
import { isRecord, mapItems, withField, type JsonRecord, type TextMapper } from './text-mapper.ts';

/** The text-bearing request shapes: OpenAI chat, completions, responses and embeddings, and Anthropic messages. */
export type RequestOperation = 'chat' | 'completions' | 'responses' | 'embeddings' | 'messages';

/** A `prompt` or `input` that is a string or a list of strings (token-id lists carry no text to check). */
function mapPromptLike(value: unknown, map: TextMapper): unknown {
  if (typeof value === 'string') return map(value, undefined, 'content');
  if (Array.isArray(value)) return mapItems(value, (item) => (typeof item === 'string' ? map(item, undefined, 'content') : item));
  return value;
}

const REQUEST_MAPPERS: Readonly<Record<RequestOperation, BodyTextMapper>> = {
  chat: (body, map) => (Array.isArray(body.messages) ? withField(body, 'messages', mapItems(body.messages, (message) => mapChatMessage(message, map))) : body),
  completions: (body, map) => withField(body, 'prompt', mapPromptLike(body.prompt, map)),
  embeddings: (body, map) => withField(body, 'input', mapPromptLike(body.input, map)),
  responses: (body, map) => {
    const out = typeof body.instructions === 'string' ? withField(body, 'instructions', map(body.instructions, 'system', 'content')) : body;
    if (typeof body.input === 'string') return withField(out, 'input', map(body.input, 'user', 'content'));
    return Array.isArray(body.input) ? withField(out, 'input', mapItems(body.input, (item) => mapResponsesItem(item, map))) : out;
  },
  messages: (body, map) => {
    const out = withField(body, 'system', mapAnthropicContent(body.system, 'system', map));
    if (!Array.isArray(body.messages)) return out;
    return withField(
      out,
      'messages',
      mapItems(body.messages, (message) => {
        if (!isRecord(message)) return message;
        const role = typeof message.role === 'string' ? message.role : undefined;
        return withField(message, 'content', mapAnthropicContent(message.content, role, map));
      }),
    );
  },
};

/** Every text of a request body: messages and their parts, tool call arguments, tool results, prompts, inputs. */
export function requestTexts(operation: RequestOperation, body: JsonRecord): GuardedText[] {
  return collectTexts(REQUEST_MAPPERS[operation], body);
}

/** A copy of the request body with its texts (in `requestTexts` order) replaced. The body itself is not changed. */
export function withRequestTexts(operation: RequestOperation, body: JsonRecord, texts: readonly string[]): JsonRecord {
  return replaceTexts(REQUEST_MAPPERS[operation], body, texts);
}
