import { isRecord } from '../is-record.ts';
import type { JsonOperation } from '../provider.ts';
import type { MockOptions } from './mock-options.ts';

const QUOTE_LENGTH = 50;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (typeof part === 'string' ? part : isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join(' ');
}

function lastUserText(items: unknown): string {
  if (!Array.isArray(items)) return textOf(items);
  for (let i = items.length - 1; i >= 0; i--) {
    const item: unknown = items[i];
    if (isRecord(item) && item.role === 'user') return textOf(item.content);
  }
  return '';
}

/** What the user asked, as the mock quotes it: chat messages, Responses input or a completion prompt. */
function promptOf(operation: JsonOperation, body: Record<string, unknown>): string {
  if (operation === 'chat') return lastUserText(body.messages);
  if (operation === 'responses') return lastUserText(body.input);
  return textOf(Array.isArray(body.prompt) ? body.prompt[0] : body.prompt);
}

/** The mock's reply: the configured text, else a deterministic echo of the request. */
export function mockReplyText(operation: JsonOperation, body: Record<string, unknown>, options: MockOptions): string {
  if (options.mock_response !== undefined && options.mock_response !== null) return options.mock_response;
  const quote = Array.from(promptOf(operation, body)).slice(0, QUOTE_LENGTH).join('');
  return `Mock response to: ${quote}`;
}
