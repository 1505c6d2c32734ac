import { openAIEmbeddingList } from '../openai-wire/openai-embedding-list.ts';
import { readSseEvents } from '../http/read-sse-events.ts';
import { sendUpstream, type UpstreamResponse } from '../http/send-upstream.ts';
import { isRecord } from '../is-record.ts';
import { openaiHeaders } from '../openai-wire/openai-headers.ts';
import { resolveDeployment } from '../deployment/resolve-deployment.ts';
import type { CallContext, DeploymentTarget, JsonOperation, JsonResult, ProviderAdapter, StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { cohereChatResponseSchema, cohereEmbedResponseSchema, cohereRerankResponseSchema, cohereStreamEventSchema } from './cohere-api.ts';
import { CohereChunkTranslator } from './cohere-chunk-translator.ts';
import { COHERE_DEFAULT_API_BASE, cohereUrl, type CohereOperation } from './cohere-endpoints.ts';
import { convertCohereResponse } from './convert-cohere-response.ts';
import { mapCohereError } from './map-cohere-error.ts';
import { COHERE_CHAT_FIELDS, prepareCohereBody } from './prepare-cohere-body.ts';
import { translatedChatParams } from '../params/openai-chat-params.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const secretsOf = (target: DeploymentTarget): readonly (string | undefined)[] => [target.apiKey];

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function malformed(what: string): ProviderError {
  return new ProviderError('upstream_error', 502, `The upstream answered with a body that is not ${what}`);
}

async function send(operation: CohereOperation, body: object, target: DeploymentTarget, ctx: CallContext, stream = false): Promise<UpstreamResponse> {
  const { apiBase } = resolveDeployment(target, { provider: 'cohere', defaultApiBase: COHERE_DEFAULT_API_BASE, requiresApiKey: true });
  const headers = openaiHeaders(target, 'json', stream ? 'text/event-stream' : 'application/json'); // Bearer key, extra_headers
  return sendUpstream({ url: cohereUrl(apiBase, operation), headers, body: JSON.stringify(body), mode: stream ? 'stream' : 'json' }, target, ctx);
}

async function throwIfCohereError(response: UpstreamResponse, target: DeploymentTarget): Promise<void> {
  if (response.status < 400) return;
  const text = await response.text();
  throw mapCohereError({ status: response.status, body: parseJson(text) ?? text, headers: response.headers, secrets: secretsOf(target) });
}

async function readJson(response: UpstreamResponse, target: DeploymentTarget): Promise<Record<string, unknown>> {
  await throwIfCohereError(response, target);
  const body = parseJson(await response.text());
  if (!isRecord(body)) throw malformed('a JSON object');
  return body;
}

function textInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item): item is string => typeof item === 'string')) return input;
  throw new ProviderError('unsupported', 400, 'Cohere embeddings take text input (a string or a list of strings), not token arrays', { code: 'unsupported_parameter', param: 'input' });
}

/** OpenAI embeddings → `/v2/embed` (`input_type` from the request, else `search_document`; float vectors). */
async function embeddings(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
  const request = {
    model: target.model,
    texts: textInputs(body.input),
    input_type: typeof body.input_type === 'string' ? body.input_type : 'search_document',
    embedding_types: ['float'],
    ...(typeof body.dimensions === 'number' ? { output_dimension: body.dimensions } : {}),
  };
  const parsed = cohereEmbedResponseSchema.safeParse(await readJson(await send('embed', request, target, ctx), target));
  if (!parsed.success || !parsed.data.embeddings?.float) throw malformed('Cohere embeddings');
  const tokens = parsed.data.meta?.billed_units?.input_tokens;
  return openAIEmbeddingList(target.model, parsed.data.embeddings.float, body.encoding_format, typeof tokens === 'number' ? tokens : undefined);
}

/**
 * Cohere's v2 API: chat (OpenAI requests translated both ways, streams included), embeddings through
 * `/v2/embed`, and rerank through `/v2/rerank` in Cohere's own response shape.
 */
export const cohereAdapter: ProviderAdapter = {
  name: 'cohere',

  supports(operation, streaming = false) {
    return operation === 'chat' || (!streaming && operation === 'embeddings');
  },

  chatParams: translatedChatParams(COHERE_CHAT_FIELDS),

  async json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    if (operation === 'embeddings') return embeddings(body, target, ctx);
    if (operation !== 'chat') throw new ProviderError('unsupported', 400, `Provider cohere does not support ${operation}`);
    const request = prepareCohereBody(body, target.model, false, ctx.onWarning);
    const parsed = cohereChatResponseSchema.safeParse(await readJson(await send('chat', request, target, ctx), target));
    if (!parsed.success) throw malformed('a Cohere chat response');
    return convertCohereResponse(parsed.data, { model: target.model, created: nowSeconds() });
  },

  async stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>> {
    if (operation !== 'chat') throw new ProviderError('unsupported', 400, `Provider cohere does not support streaming ${operation}`);
    const request = prepareCohereBody(body, target.model, true, ctx.onWarning);
    const response = await send('chat', request, target, ctx, true);
    await throwIfCohereError(response, target);
    const translator = new CohereChunkTranslator({ model: target.model, created: nowSeconds() });
    return translateCohereStream(response, translator);
  },

  async rerank(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    const { model: _publicName, ...rest } = body;
    const parsed = cohereRerankResponseSchema.safeParse(await readJson(await send('rerank', { ...rest, model: target.model }, target, ctx), target));
    if (!parsed.success) throw malformed('a Cohere rerank response');
    return { body: { id: parsed.data.id ?? '', results: parsed.data.results, meta: parsed.data.meta ?? {} } };
  },
};

/** Module-level, not a closure per call: a generator closure gives each call's generator a map of its own (see `deadline` in sendUpstream, send-upstream.ts). */
async function* translateCohereStream(response: UpstreamResponse, translator: CohereChunkTranslator): AsyncGenerator<StreamEvent> {
  for await (const sse of readSseEvents(response.body, { expectDone: false, onDone: () => response.protocolEnded() })) {
    const parsed = cohereStreamEventSchema.safeParse(parseJson(sse.data));
    if (!parsed.success) throw new ProviderError('upstream_error', 502, 'The upstream sent a malformed stream event');
    yield* translator.translate(parsed.data);
    if (parsed.data.type === 'message-end') {
      response.protocolEnded();
      return;
    }
  }
  throw new ProviderError('upstream_error', 502, 'The upstream stream was cut: it ended before message-end');
}
