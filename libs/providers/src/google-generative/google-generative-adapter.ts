import { openAIEmbeddingList } from '../openai-wire/openai-embedding-list.ts';
import { sendUpstream, type UpstreamResponse } from '../http/send-upstream.ts';
import { readSseEvents } from '../http/read-sse-events.ts';
import { isRecord } from '../is-record.ts';
import type { CallContext, DeploymentTarget, JsonOperation, JsonResult, ProviderAdapter, StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { geminiResponseSchema, type GeminiResponse } from './gemini-api.ts';
import { convertGeminiResponse } from './convert-gemini-response.ts';
import { geminiEmbeddingCall } from './gemini-embeddings.ts';
import { GeminiChunkTranslator } from './gemini-chunk-translator.ts';
import { mapGeminiError } from './map-gemini-error.ts';
import { GEMINI_CHAT_FIELDS, prepareGeminiBody } from './prepare-gemini-body.ts';
import { translatedChatParams } from '../params/openai-chat-params.ts';

export type GoogleMethod = 'generateContent' | 'streamGenerateContent' | 'embedContent' | 'batchEmbedContents';

/** What differs between the Gemini API and Vertex AI: where the model lives and how a call is authorized. */
export interface GoogleGenerativeConfig {
  name: string;
  /** The URL of `method` for the deployment's model (without `?alt=sse`). */
  url(target: DeploymentTarget, method: GoogleMethod): string;
  /** Auth headers for one call (an API key header, or a fresh bearer token). */
  authHeaders(target: DeploymentTarget): Promise<Record<string, string>>;
  /** Values to scrub from upstream messages. */
  secrets(target: DeploymentTarget): readonly (string | undefined)[];
  embeddings: boolean;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseResponse(raw: unknown): GeminiResponse {
  const parsed = geminiResponseSchema.safeParse(raw);
  if (!parsed.success) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not a generateContent response');
  return parsed.data;
}

/** An adapter for Google's generateContent API, shared by the Gemini API (`gemini`) and Vertex AI (`vertex_ai`). */
export function createGoogleGenerativeAdapter(config: GoogleGenerativeConfig): ProviderAdapter {
  async function send(method: GoogleMethod, body: object, target: DeploymentTarget, ctx: CallContext, stream: boolean): Promise<UpstreamResponse> {
    const url = config.url(target, method) + (stream ? '?alt=sse' : '');
    const headers = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json', ...(await config.authHeaders(target)) };
    return sendUpstream({ url, headers, body: JSON.stringify(body), mode: stream ? 'stream' : 'json' }, target, ctx);
  }

  async function throwIfError(response: UpstreamResponse, target: DeploymentTarget): Promise<void> {
    if (response.status < 400) return;
    const text = await response.text();
    throw mapGeminiError({ status: response.status, body: parseJson(text) ?? text, headers: response.headers, secrets: config.secrets(target) });
  }

  async function readJson(response: UpstreamResponse, target: DeploymentTarget): Promise<Record<string, unknown>> {
    await throwIfError(response, target);
    const body = parseJson(await response.text());
    if (!isRecord(body)) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not a JSON object');
    return body;
  }

  async function embeddings(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    const call = geminiEmbeddingCall(target.model, body);
    const vectors = call.read(await readJson(await send(call.method, call.body, target, ctx, false), target));
    // Google reports no token counts for embeddings: the gateway counts them.
    return openAIEmbeddingList(target.model, vectors, body.encoding_format);
  }

  return {
    name: config.name,

    supports(operation, streaming = false) {
      return operation === 'chat' || (config.embeddings && !streaming && operation === 'embeddings');
    },

    chatParams: translatedChatParams(GEMINI_CHAT_FIELDS),

    async json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
      if (operation === 'embeddings' && config.embeddings) return embeddings(body, target, ctx);
      if (operation !== 'chat') throw new ProviderError('unsupported', 400, `Provider ${config.name} does not support ${operation}`);
      const request = prepareGeminiBody(body, config.name, ctx.onWarning);
      const answer = await readJson(await send('generateContent', request, target, ctx, false), target);
      return convertGeminiResponse(parseResponse(answer), { model: target.model, created: nowSeconds() });
    },

    async stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>> {
      if (operation !== 'chat') throw new ProviderError('unsupported', 400, `Provider ${config.name} does not support streaming ${operation}`);
      const request = prepareGeminiBody(body, config.name, ctx.onWarning);
      const response = await send('streamGenerateContent', request, target, ctx, true);
      await throwIfError(response, target);
      const translator = new GeminiChunkTranslator({ model: target.model, created: nowSeconds() });
      const secrets = config.secrets(target);
      return translateGeminiStream(response, secrets, translator, parseResponse);
    },
  };
}

/** Module-level, not a closure per call: a generator closure gives each call's generator a map of its own (see `deadline` in sendUpstream, send-upstream.ts). */
async function* translateGeminiStream(response: UpstreamResponse, secrets: readonly (string | undefined)[], translator: GeminiChunkTranslator, parseResponse: (raw: unknown) => Parameters<GeminiChunkTranslator['translate']>[0]): AsyncGenerator<StreamEvent> {
  for await (const sse of readSseEvents(response.body, { expectDone: false })) {
    const raw = parseJson(sse.data);
    if (raw === undefined) throw new ProviderError('upstream_error', 502, 'The upstream sent a malformed stream event');
    if (isRecord(raw) && raw.error !== undefined) throw mapGeminiError({ body: raw, secrets });
    yield* translator.translate(parseResponse(raw));
  }
  if (!translator.complete) throw new ProviderError('upstream_error', 502, 'The upstream stream was cut: it ended before a finishReason');
  yield* translator.end();
}
