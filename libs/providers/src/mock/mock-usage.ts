import type { JsonOperation } from '../provider.ts';
import { countPromptTokens, countTextTokens } from '../tokens/count-tokens.ts';
import type { Usage } from '../usage.ts';

/** The mock is its own source of truth, so its counts are not marked estimated. */
export function mockUsage(operation: JsonOperation, body: Record<string, unknown>, reply: string): Usage {
  const promptTokens = countPromptTokens(operation, body);
  const completionTokens = countTextTokens(reply);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

export function chatUsageWire(usage: Usage): Record<string, number> {
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens };
}
