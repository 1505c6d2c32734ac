import type { Usage } from '../usage.ts';

/**
 * Vectors as the `data` list of an OpenAI embeddings response. With `encoding_format: base64` (what
 * the official SDKs ask for by default) each vector is little-endian float32 bytes in base64.
 */
export function openAIEmbeddingData(vectors: readonly (readonly number[])[], encodingFormat: unknown): { object: 'embedding'; index: number; embedding: number[] | string }[] {
  return vectors.map((vector, index) => {
    if (encodingFormat !== 'base64') return { object: 'embedding', index, embedding: [...vector] };
    const floats = Float32Array.from(vector);
    const bytes = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
    return { object: 'embedding', index, embedding: bytes.toString('base64') };
  });
}

/** A whole OpenAI embeddings body; `usage` only when the upstream reported input tokens. */
export function openAIEmbeddingList(model: string, vectors: readonly (readonly number[])[], encodingFormat: unknown, promptTokens?: number): { body: Record<string, unknown>; usage?: Usage } {
  const body: Record<string, unknown> = { object: 'list', data: openAIEmbeddingData(vectors, encodingFormat), model };
  if (promptTokens === undefined) return { body };
  body.usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  return { body, usage: { promptTokens, completionTokens: 0, totalTokens: promptTokens } };
}
