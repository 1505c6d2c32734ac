import type { Attributes } from '@opentelemetry/api';
import { GEN_AI } from './gen-ai-attributes.ts';

/** A numeric body field → its attribute (OpenAI, Anthropic and Responses names alike). */
const NUMERIC: readonly (readonly [field: string, attribute: string])[] = [
  ['temperature', GEN_AI.requestTemperature],
  ['max_tokens', GEN_AI.requestMaxTokens],
  ['max_completion_tokens', GEN_AI.requestMaxTokens],
  ['max_output_tokens', GEN_AI.requestMaxTokens],
  ['top_p', GEN_AI.requestTopP],
  ['top_k', GEN_AI.requestTopK],
  ['frequency_penalty', GEN_AI.requestFrequencyPenalty],
  ['presence_penalty', GEN_AI.requestPresencePenalty],
  ['seed', GEN_AI.requestSeed],
];

function stopSequences(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** The request parameters the GenAI conventions name, read from a request body; fields of the wrong type are left out. */
export function genAiRequestAttributes(body: Readonly<Record<string, unknown>>): Attributes {
  const attributes: Attributes = {};
  for (const [field, attribute] of NUMERIC) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value)) attributes[attribute] = value;
  }
  const stop = stopSequences(body.stop) ?? stopSequences(body.stop_sequences);
  if (stop) attributes[GEN_AI.requestStopSequences] = stop;
  // The conventions record the choice count only when it is not 1.
  if (typeof body.n === 'number' && body.n !== 1) attributes[GEN_AI.requestChoiceCount] = body.n;
  if (typeof body.stream === 'boolean') attributes[GEN_AI.requestStream] = body.stream;
  return attributes;
}
