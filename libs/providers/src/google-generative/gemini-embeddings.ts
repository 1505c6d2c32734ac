import { ProviderError } from '../provider-error.ts';
import { geminiBatchEmbedResponseSchema, geminiEmbedResponseSchema } from './gemini-api.ts';

export interface GeminiEmbeddingCall {
  method: 'embedContent' | 'batchEmbedContents';
  body: Record<string, unknown>;
  read(answer: unknown): number[][];
}

function inputsOf(body: Record<string, unknown>): string[] {
  const input = body.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item): item is string => typeof item === 'string')) return input;
  throw new ProviderError('unsupported', 400, 'Gemini embeddings take text input (a string or a list of strings), not token arrays', { code: 'unsupported_parameter', param: 'input' });
}

function unreadable(): ProviderError {
  return new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not an embedding');
}

/**
 * One text → `:embedContent` (`{content}` → `{embedding: {values}}`); several → `:batchEmbedContents`
 * (`{requests: [...]}` → `{embeddings: [...]}`). `dimensions` becomes `outputDimensionality`.
 */
export function geminiEmbeddingCall(model: string, body: Record<string, unknown>): GeminiEmbeddingCall {
  const inputs = inputsOf(body);
  const dimensions = typeof body.dimensions === 'number' ? { outputDimensionality: body.dimensions } : {};
  const request = (text: string) => ({ model: `models/${model}`, content: { parts: [{ text }] }, ...dimensions });
  if (inputs.length === 1) {
    return {
      method: 'embedContent',
      body: request(inputs[0] as string),
      read(answer) {
        const parsed = geminiEmbedResponseSchema.safeParse(answer);
        if (!parsed.success) throw unreadable();
        return [parsed.data.embedding.values];
      },
    };
  }
  return {
    method: 'batchEmbedContents',
    body: { requests: inputs.map(request) },
    read(answer) {
      const parsed = geminiBatchEmbedResponseSchema.safeParse(answer);
      if (!parsed.success) throw unreadable();
      return parsed.data.embeddings.map((embedding) => embedding.values);
    },
  };
}
