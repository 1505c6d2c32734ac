import { openAIEmbeddingList } from '../openai-wire/openai-embedding-list.ts';
import { ProviderError } from '../provider-error.ts';
import type { Usage } from '../usage.ts';
import { cohereBedrockEmbeddingSchema, titanEmbeddingSchema } from './bedrock-api.ts';

/** One InvokeModel call: the body to send, and how to read its answer into vectors. */
export interface EmbeddingCall {
  body: Record<string, unknown>;
  read(answer: unknown): { vectors: number[][]; promptTokens?: number };
}

export type BedrockEmbeddingFamily = 'titan' | 'cohere';

function unreadable(): ProviderError {
  return new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not an embedding');
}

export function embeddingFamilyOf(modelId: string): BedrockEmbeddingFamily | undefined {
  // Cross-region inference profiles prefix the id (`us.cohere.embed-...`).
  if (/(^|\.)amazon\.titan-embed/.test(modelId)) return 'titan';
  if (/(^|\.)cohere\.embed/.test(modelId)) return 'cohere';
  return undefined;
}

function inputsOf(body: Record<string, unknown>): string[] {
  const input = body.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item): item is string => typeof item === 'string')) return input;
  throw new ProviderError('unsupported', 400, 'Bedrock embeddings take text input (a string or a list of strings), not token arrays', { code: 'unsupported_parameter', param: 'input' });
}

/**
 * The InvokeModel calls for an OpenAI embeddings request. Titan embeds one text per call
 * (`{inputText}` → `{embedding, inputTextTokenCount}`); Cohere takes the whole list
 * (`{texts, input_type}` → `{embeddings}`), `input_type` from the request or `search_document`.
 */
export function bedrockEmbeddingCalls(family: BedrockEmbeddingFamily, body: Record<string, unknown>): EmbeddingCall[] {
  const inputs = inputsOf(body);
  if (family === 'titan') {
    const dimensions = typeof body.dimensions === 'number' ? { dimensions: body.dimensions } : {};
    return inputs.map((inputText) => ({
      body: { inputText, ...dimensions },
      read(answer) {
        const parsed = titanEmbeddingSchema.safeParse(answer);
        if (!parsed.success) throw unreadable();
        return { vectors: [parsed.data.embedding], ...(typeof parsed.data.inputTextTokenCount === 'number' ? { promptTokens: parsed.data.inputTextTokenCount } : {}) };
      },
    }));
  }
  const inputType = typeof body.input_type === 'string' ? body.input_type : 'search_document';
  return [
    {
      body: { texts: inputs, input_type: inputType },
      read(answer) {
        const parsed = cohereBedrockEmbeddingSchema.safeParse(answer);
        if (!parsed.success) throw unreadable();
        return { vectors: Array.isArray(parsed.data.embeddings) ? parsed.data.embeddings : parsed.data.embeddings.float };
      },
    },
  ];
}

/** The vectors of all calls as an OpenAI embeddings list; usage only when every call reported tokens. */
export function bedrockEmbeddingList(model: string, results: readonly { vectors: number[][]; promptTokens?: number }[], encodingFormat: unknown): { body: Record<string, unknown>; usage?: Usage } {
  const counted = results.every((result) => typeof result.promptTokens === 'number');
  const promptTokens = results.reduce((sum, result) => sum + (result.promptTokens ?? 0), 0);
  return openAIEmbeddingList(model, results.flatMap((result) => result.vectors), encodingFormat, counted ? promptTokens : undefined);
}
