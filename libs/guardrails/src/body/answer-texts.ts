import type { GuardedText } from '../guardrail.ts';
import { mapAnthropicContent } from './anthropic-content-texts.ts';
import { collectTexts, replaceTexts, type BodyTextMapper } from './body-texts.ts';
import { mapChatMessage } from './chat-message-texts.ts';
import type { RequestOperation } from './request-texts.ts';
import { mapResponsesItem } from './responses-item-texts.ts';
import { isRecord, mapItems, withField, type JsonRecord } from './text-mapper.ts';

const mapChoices = (body: JsonRecord, mapChoice: (choice: JsonRecord) => JsonRecord): JsonRecord =>
  Array.isArray(body.choices) ? withField(body, 'choices', mapItems(body.choices, (choice) => (isRecord(choice) ? mapChoice(choice) : choice))) : body;

/** Answers by the request shape they answer; an embeddings answer has no text. */
const ANSWER_MAPPERS: Readonly<Record<RequestOperation, BodyTextMapper>> = {
  chat: (body, map) => mapChoices(body, (choice) => withField(choice, 'message', mapChatMessage(choice.message, map))),
  completions: (body, map) => mapChoices(body, (choice) => (typeof choice.text === 'string' ? withField(choice, 'text', map(choice.text, 'assistant', 'content')) : choice)),
  responses: (body, map) => (Array.isArray(body.output) ? withField(body, 'output', mapItems(body.output, (item) => mapResponsesItem(item, map))) : body),
  messages: (body, map) => withField(body, 'content', mapAnthropicContent(body.content, 'assistant', map)),
  embeddings: (body) => body,
};

/** Every text of an answer: choices' messages (content, refusal, tool call arguments), completion texts, response output, Anthropic content. */
export function answerTexts(operation: RequestOperation, answer: JsonRecord): GuardedText[] {
  return collectTexts(ANSWER_MAPPERS[operation], answer);
}

/** A copy of the answer with its texts (in `answerTexts` order) replaced. */
export function withAnswerTexts(operation: RequestOperation, answer: JsonRecord, texts: readonly string[]): JsonRecord {
  return replaceTexts(ANSWER_MAPPERS[operation], answer, texts);
}
