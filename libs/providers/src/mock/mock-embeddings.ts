import { createHash } from 'node:crypto';
import type { JsonResult } from '../provider.ts';
import { countTextTokens } from '../tokens/count-tokens.ts';

const DEFAULT_DIMENSIONS = 1536;

/** A unit vector that depends only on the input text: the same text always embeds the same way. */
function vectorFor(text: string, dimensions: number): Float32Array {
  const seed = createHash('sha256').update(text).digest();
  // xorshift32 seeded from the hash: cheap, deterministic, well spread over [-1, 1].
  let state = seed.readUInt32LE(0) || 1;
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = (state >>> 0) / 0xffffffff - 0.5;
    vector[i] = value;
    norm += value * value;
  }
  const scale = 1 / Math.sqrt(norm || 1);
  for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
}

/** Inputs as text: strings as they are; token arrays (OpenAI allows them) by their numbers. */
function inputsOf(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [''];
  if (input.every((item) => typeof item === 'number')) return [input.join(',')];
  return input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

export function mockEmbeddings(body: Record<string, unknown>, model: string, defaultDimensions: number | null | undefined): JsonResult {
  const dimensions = typeof body.dimensions === 'number' && body.dimensions > 0 ? Math.floor(body.dimensions) : (defaultDimensions ?? DEFAULT_DIMENSIONS);
  // The official SDKs ask for base64 by default and decode little-endian float32 themselves.
  const base64 = body.encoding_format === 'base64';
  const inputs = inputsOf(body.input);
  const data = inputs.map((text, index) => {
    const vector = vectorFor(text, dimensions);
    const embedding = base64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  const promptTokens = inputs.reduce((sum, text) => sum + countTextTokens(text), 0);
  const usage = { promptTokens, completionTokens: 0, totalTokens: promptTokens };
  return { body: { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } }, usage };
}
