import type { JsonOperation } from '../provider.ts';
import { promptTextOf } from './prompt-text.ts';
import { loadOnUse } from '@switchboard/load-on-use';

/**
 * Framing tokens per chat message and for priming the reply, as OpenAI documents for its chat models.
 * Other providers' tokenizers differ; these counts are estimates (o200k) and are marked as such.
 */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;

type CountTokens = (text: string) => number;
let countTokens: CountTokens | undefined;

/**
 * The o200k tables cost about 60 MB resident once built, and most gateways never count (usage comes from the
 * provider): the tokenizer is loaded on the first count, synchronously, so every caller stays synchronous.
 * (loadOnUse: bundled lazily in the images, Node's require under tsx.)
 */
function loadCounter(): CountTokens {
  countTokens ??= loadOnUse<{ countTokens: CountTokens }>(() => require('gpt-tokenizer/model/gpt-4o'), 'gpt-tokenizer/model/gpt-4o').countTokens;
  return countTokens;
}

export function countTextTokens(text: string): number {
  return text === '' ? 0 : loadCounter()(text);
}

export function countPromptTokens(operation: JsonOperation, body: Record<string, unknown>): number {
  const { texts, messageCount } = promptTextOf(operation, body);
  let tokens = 0;
  for (const text of texts) tokens += countTextTokens(text);
  if (messageCount > 0) tokens += messageCount * TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS;
  return tokens;
}
