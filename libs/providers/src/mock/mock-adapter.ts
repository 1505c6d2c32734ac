import { mapOpenAIError } from '../openai-wire/map-openai-error.ts';
import type { BinaryResult, CallContext, DeploymentTarget, JsonOperation, JsonResult, ProviderAdapter, StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { OPENAI_CHAT_PARAMS } from '../params/openai-chat-params.ts';
import { abortableSleep } from './abortable-sleep.ts';
import { mockRerank, mockSpeech, mockTranscription } from './mock-audio.ts';
import { mockEmbeddings } from './mock-embeddings.ts';
import { mockImages } from './mock-images.ts';
import { mockModerations } from './mock-moderations.ts';
import { mockOptionsOf, type MockOptions } from './mock-options.ts';
import { mockReplyText } from './mock-reply-text.ts';
import { mockRequestCaptured } from './mock-request.ts';
import { mockStream } from './mock-stream.ts';
import { mockChatCompletion, mockResponse, mockTextCompletion, type MockReply } from './mock-text-bodies.ts';
import { mockUsage } from './mock-usage.ts';
import { splitReply } from './split-reply.ts';

const JSON_OPERATIONS = new Set<string>(['chat', 'completions', 'embeddings', 'images', 'moderations', 'responses', 'audio_speech', 'audio_transcriptions', 'audio_translations']);
const STREAM_OPERATIONS = new Set<string>(['chat', 'completions']);

/** A configured failure, built exactly like a real OpenAI error with that status. */
function throwConfiguredError(options: MockOptions): void {
  if (!options.mock_error_status) return;
  const message = options.mock_error_message ?? `Mock error with status ${options.mock_error_status}`;
  throw mapOpenAIError({ status: options.mock_error_status, body: { error: { message, type: 'mock_error' } } });
}

function replyFor(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext, options: MockOptions): MockReply {
  const text = mockReplyText(operation, body, options);
  return { id: `mock-${ctx.requestId}`, model: target.model, created: Math.floor(Date.now() / 1000), text, usage: mockUsage(operation, body, text) };
}

/** The `mock` provider: deterministic answers with configurable latency and failures, no network. */
export const mockAdapter: ProviderAdapter = {
  name: 'mock',

  supports(operation, streaming = false) {
    return (streaming ? STREAM_OPERATIONS : JSON_OPERATIONS).has(operation);
  },

  // It stands in for OpenAI (and answers whatever is asked without sending anything).
  chatParams: OPENAI_CHAT_PARAMS,

  async json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    if (ctx.captureOnly === true) throw mockRequestCaptured(operation, body, target, false);
    const options = mockOptionsOf(target);
    await abortableSleep(options.mock_latency_ms ?? 0, ctx.signal);
    throwConfiguredError(options);
    switch (operation) {
      case 'chat':
        return mockChatCompletion(replyFor(operation, body, target, ctx, options));
      case 'completions':
        return mockTextCompletion(replyFor(operation, body, target, ctx, options));
      case 'responses':
        return mockResponse(replyFor(operation, body, target, ctx, options));
      case 'embeddings':
        return mockEmbeddings(body, target.model, options.mock_embedding_dims);
      case 'images':
        return mockImages(body, Math.floor(Date.now() / 1000));
      case 'moderations':
        return mockModerations(body, `mock-${ctx.requestId}`, target.model);
    }
  },

  async speech(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<BinaryResult> {
    const options = mockOptionsOf(target);
    await abortableSleep(options.mock_latency_ms ?? 0, ctx.signal);
    throwConfiguredError(options);
    const input = typeof body.input === 'string' ? body.input : '';
    return mockSpeech(mockUsage('embeddings', { input }, ''));
  },

  async transcription(form: FormData, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    return mockAudioText(form, target, ctx);
  },

  async translation(form: FormData, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    return mockAudioText(form, target, ctx);
  },

  async rerank(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    const options = mockOptionsOf(target);
    await abortableSleep(options.mock_latency_ms ?? 0, ctx.signal);
    throwConfiguredError(options);
    return mockRerank(body, `mock-${ctx.requestId}`);
  },

  async stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>> {
    if (operation === 'responses') throw new ProviderError('unsupported', 400, 'Provider mock does not support streaming responses');
    if (ctx.captureOnly === true) throw mockRequestCaptured(operation, body, target, true);
    const options = mockOptionsOf(target);
    // Failing before the first event, like an upstream answering with an error status.
    throwConfiguredError(options);
    const reply = replyFor(operation, body, target, ctx, options);
    return mockStream({
      operation,
      reply,
      pieces: splitReply(reply.text, options.mock_chunks),
      ttftMs: options.mock_ttft_ms ?? 0,
      chunkDelayMs: options.mock_chunk_delay_ms ?? 0,
      signal: ctx.signal,
    });
  },
};

/** The configured reply as the transcript; the upload's size stands in for its duration (a second per 16 kB). */
async function mockAudioText(form: FormData, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
  const options = mockOptionsOf(target);
  await abortableSleep(options.mock_latency_ms ?? 0, ctx.signal);
  throwConfiguredError(options);
  const file = form.get('file');
  const seconds = file instanceof Blob ? Math.max(1, Math.round(file.size / 16_000)) : 1;
  return mockTranscription(options.mock_response ?? 'Mock transcription', seconds);
}
