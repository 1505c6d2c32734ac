import { countTextTokens } from '../tokens/count-tokens.ts';
import { isRecord } from '../is-record.ts';
import type { StreamEvent, StreamOperation } from '../provider.ts';
import type { Usage } from '../usage.ts';

function usageChunk(operation: StreamOperation, lastData: string, usage: Usage): string {
  let last: unknown;
  try {
    last = JSON.parse(lastData);
  } catch {
    last = undefined;
  }
  const from = isRecord(last) ? last : {};
  return JSON.stringify({
    id: from.id,
    object: operation === 'completions' ? 'text_completion' : 'chat.completion.chunk',
    created: from.created,
    model: from.model,
    choices: [],
    usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens },
  });
}

/**
 * Passes events through; when the stream ends without the upstream reporting usage, adds one final
 * usage chunk shaped like OpenAI's `include_usage` chunk, counted with our tokenizer and marked
 * `estimated`. The prompt is only counted in that case.
 */
export async function* withEstimatedUsage(
  events: AsyncIterable<StreamEvent>,
  operation: StreamOperation,
  countPrompt: () => number,
): AsyncGenerator<StreamEvent> {
  let usageReported = false;
  let output = '';
  let lastData: string | undefined;
  for await (const event of events) {
    if (event.usage) usageReported = true;
    if (event.text) output += event.text;
    lastData = event.data;
    yield event;
  }
  if (usageReported || lastData === undefined) return;
  const promptTokens = countPrompt();
  const completionTokens = countTextTokens(output);
  const usage: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, estimated: true };
  yield { data: usageChunk(operation, lastData, usage), usage };
}
