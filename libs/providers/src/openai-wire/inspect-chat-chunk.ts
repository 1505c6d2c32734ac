import type { StreamEvent } from '../provider.ts';
import { convertOpenAIUsage, type UsageOptions } from './convert-openai-usage.ts';
import { mapOpenAIError } from './map-openai-error.ts';
import { isRecord } from '../is-record.ts';

export type ChunkFacts = Pick<StreamEvent, 'usage' | 'finished' | 'text'>;

export interface InspectOptions {
  usage: UsageOptions;
  secrets: readonly (string | undefined)[];
}

function appendString(parts: string[], value: unknown): void {
  if (typeof value === 'string' && value !== '') parts.push(value);
}

/**
 * Billable output text of a chunk: content (chat) or text (completions), reasoning and tool-call
 * arguments, over all choices. Hand-written guards instead of zod: this runs for every chunk.
 */
function outputTextOf(choices: unknown[]): string {
  const parts: string[] = [];
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    appendString(parts, choice.text);
    const delta = choice.delta;
    if (!isRecord(delta)) continue;
    appendString(parts, delta.reasoning_content);
    appendString(parts, delta.reasoning);
    appendString(parts, delta.content);
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) {
        if (isRecord(call) && isRecord(call.function)) {
          appendString(parts, call.function.name);
          appendString(parts, call.function.arguments);
        }
      }
    }
  }
  return parts.join('');
}

function isFinished(choices: unknown[]): boolean {
  return choices.some((choice) => isRecord(choice) && typeof choice.finish_reason === 'string' && choice.finish_reason !== '');
}

/**
 * What the gateway needs from one Chat Completions / Completions chunk; the chunk text itself is not touched.
 * Every chunk is parsed: that is also what refuses a malformed event before it reaches the client (a
 * regex pre-check used to skip chunks without text, usage, finish or error, but in OpenAI's streams nearly
 * every chunk has one of them, and the skipped ones went out unchecked).
 */
export function inspectChatChunk(data: string, options: InspectOptions): ChunkFacts {
  const chunk: unknown = JSON.parse(data);
  if (!isRecord(chunk)) return {};
  // OpenAI reports a failure after the stream started as a chunk `{"error": {...}}` with no choices.
  if (isRecord(chunk.error) && !Array.isArray(chunk.choices)) {
    throw mapOpenAIError({ body: chunk, secrets: options.secrets });
  }

  const facts: ChunkFacts = {};
  const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
  const text = outputTextOf(choices);
  if (text !== '') facts.text = text;
  if (isFinished(choices)) facts.finished = true;
  const groq = isRecord(chunk.x_groq) ? chunk.x_groq.usage : undefined;
  const usage = convertOpenAIUsage(chunk.usage ?? groq, options.usage);
  if (usage) facts.usage = usage;
  return facts;
}
