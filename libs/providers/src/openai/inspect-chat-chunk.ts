import type { StreamEvent } from '../provider.ts';
import { convertOpenAIUsage, type UsageOptions } from './convert-openai-usage.ts';
import { mapOpenAIError } from './map-openai-error.ts';
import { isRecord } from '../is-record.ts';

export type ChunkFacts = Pick<StreamEvent, 'usage' | 'finished' | 'text'>;

export interface InspectOptions {
  usage: UsageOptions;
  secrets: readonly (string | undefined)[];
}

/*
 * Cheap regex tests decide whether a chunk is worth JSON.parse at all (role-only chunks and OpenAI's
 * `"usage":null` on every chunk are not). Whitespace is allowed because Python servers write `": "`.
 */
const CARRIES_USAGE = /"usage"\s*:\s*\{/;
const CARRIES_FINISH = /"finish_reason"\s*:\s*"/;
const CARRIES_TEXT = /"(?:content|text|reasoning_content|reasoning|arguments)"\s*:\s*"/;
const CARRIES_ERROR = /"error"\s*:/;

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

/** What the gateway needs from one Chat Completions / Completions chunk; the chunk text itself is not touched. */
export function inspectChatChunk(data: string, options: InspectOptions): ChunkFacts {
  // A chunk with output text is parsed anyway, so the other hints are read from the parsed chunk; only
  // chunks without text (role-only, `"usage":null`) are tested for usage, finish and error first.
  if (!CARRIES_TEXT.test(data) && !CARRIES_USAGE.test(data) && !CARRIES_FINISH.test(data) && !CARRIES_ERROR.test(data)) return {};

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
