import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionStreamOptions,
} from 'openai/resources/chat/completions';
import type { CompletionCreateParamsNonStreaming, CompletionCreateParamsStreaming } from 'openai/resources/completions';
import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { ImageGenerateParams } from 'openai/resources/images';
import type { ModerationCreateParams } from 'openai/resources/moderations';
import type { ResponseCreateParamsNonStreaming, ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import type { JsonOperation, StreamOperation } from '../provider.ts';

/**
 * The client's body, already validated as OpenAI format at the gateway's edge. The adapter changes only
 * the fields it owns; the cast says "whatever the client sent, in this operation's wire type".
 */
type ClientBody<T> = Omit<T, 'model' | 'stream' | 'stream_options'>;

function clientBody<T>(body: Record<string, unknown>): ClientBody<T> {
  return body as ClientBody<T>;
}

interface JsonBodies {
  chat: ChatCompletionCreateParamsNonStreaming;
  completions: CompletionCreateParamsNonStreaming;
  embeddings: EmbeddingCreateParams;
  images: ImageGenerateParams;
  moderations: ModerationCreateParams;
  responses: ResponseCreateParamsNonStreaming;
}

/** Non-streaming call: the upstream model replaces the public name; nothing else changes. */
export function prepareOpenAIJsonBody<O extends JsonOperation>(_operation: O, body: Record<string, unknown>, model: string): JsonBodies[O] {
  return { ...clientBody<JsonBodies[O]>(body), model } as JsonBodies[O];
}

export interface StreamBodyOptions {
  /** Ask for usage in the stream (`stream_options.include_usage`); off for upstreams that reject it. */
  requestUsage: boolean;
}

function streamOptionsOf(body: Record<string, unknown>, requestUsage: boolean): ChatCompletionStreamOptions | undefined {
  const own = typeof body.stream_options === 'object' && body.stream_options !== null ? (body.stream_options as ChatCompletionStreamOptions) : undefined;
  return requestUsage ? { ...own, include_usage: true } : own;
}

type StreamBody = ChatCompletionCreateParamsStreaming | CompletionCreateParamsStreaming | ResponseCreateParamsStreaming;

/** Streaming call: `stream: true`, and usage requested so billing never depends on our tokenizer. */
export function prepareOpenAIStreamBody(operation: StreamOperation, body: Record<string, unknown>, model: string, options: StreamBodyOptions): StreamBody {
  if (operation === 'responses') {
    // The Responses API always reports usage in `response.completed`; it has no stream_options.
    return { ...clientBody<ResponseCreateParamsStreaming>(body), model, stream: true };
  }
  const streamOptions = streamOptionsOf(body, options.requestUsage);
  if (operation === 'chat') {
    const chat: ChatCompletionCreateParamsStreaming = { ...clientBody<ChatCompletionCreateParamsStreaming>(body), model, stream: true };
    if (streamOptions) chat.stream_options = streamOptions;
    return chat;
  }
  const completion: CompletionCreateParamsStreaming = { ...clientBody<CompletionCreateParamsStreaming>(body), model, stream: true };
  if (streamOptions) completion.stream_options = streamOptions;
  return completion;
}
