import type { JsonOperation } from '../provider.ts';
import { promptTextOf } from './prompt-text.ts';
import { countO200kTokens } from './o200k-counter.ts';
import { RepeatedTextCounts } from './repeated-text-counts.ts';

/**
 * Framing tokens per chat message and for priming the reply, as OpenAI documents for its chat models.
 * Other providers' tokenizers differ; these counts are estimates (o200k) and are marked as such.
 */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;

export { countO200kTokens as countTextTokens };

/** The prompt texts' counts: mostly repeats (system prompts, the conversation resent each turn). */
const promptCounts = new RepeatedTextCounts(countO200kTokens);

export function countPromptTokens(operation: JsonOperation, body: Record<string, unknown>): number {
  const { texts, messageCount } = promptTextOf(operation, body);
  let tokens = 0;
  for (const text of texts) tokens += promptCounts.tokensOf(text);
  if (messageCount > 0) tokens += messageCount * TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS;
  return tokens;
}
