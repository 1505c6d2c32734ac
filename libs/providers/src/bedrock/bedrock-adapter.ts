import { randomUUID } from 'node:crypto';
import { sendUpstream, type UpstreamResponse } from '../http/send-upstream.ts';
import { isRecord } from '../is-record.ts';
import type { CallContext, DeploymentTarget, JsonOperation, JsonResult, ProviderAdapter, StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { bedrockConverseResponseSchema } from './bedrock-api.ts';
import { BedrockChunkTranslator } from './bedrock-chunk-translator.ts';
import { bedrockCredentials, bedrockSecrets } from './bedrock-credentials.ts';
import { bedrockEmbeddingCalls, bedrockEmbeddingList, embeddingFamilyOf } from './bedrock-embeddings.ts';
import { bedrockRegion, bedrockRuntimeBase, bedrockUrl, type BedrockOperation } from './bedrock-endpoints.ts';
import { convertBedrockMessage } from './convert-bedrock-message.ts';
import { mapBedrockError } from './map-bedrock-error.ts';
import { BEDROCK_CHAT_FIELDS, prepareBedrockBody } from './prepare-bedrock-body.ts';
import { translatedChatParams } from '../params/openai-chat-params.ts';
import { readBedrockStream } from './read-bedrock-stream.ts';
import { signAwsRequest } from './sign-aws-request.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One signed call to the runtime API. A deployment with `api_key` and no AWS keys uses a Bedrock API
 * key (bearer token); otherwise the request is SigV4-signed over its whole body.
 */
async function send(operation: BedrockOperation, body: object, target: DeploymentTarget, ctx: CallContext): Promise<UpstreamResponse> {
  const region = bedrockRegion(target.params);
  const url = bedrockUrl(bedrockRuntimeBase(target, region), target.model, operation);
  const payload = JSON.stringify(body);
  const accept = operation === 'converse-stream' ? 'application/vnd.amazon.eventstream' : 'application/json';
  const base = { accept, 'content-type': 'application/json' };
  const useApiKey = target.apiKey !== undefined && target.params.aws_access_key_id === undefined;
  const headers = useApiKey
    ? { ...base, authorization: `Bearer ${target.apiKey}` }
    : await signAwsRequest({ method: 'POST', url, headers: base, body: payload, region, service: 'bedrock', credentials: bedrockCredentials(target) });
  return sendUpstream({ url, headers, body: payload, mode: operation === 'converse-stream' ? 'stream' : 'json' }, target, ctx);
}

async function throwIfBedrockError(response: UpstreamResponse, target: DeploymentTarget): Promise<void> {
  if (response.status < 400) return;
  const text = await response.text();
  throw mapBedrockError({ status: response.status, body: parseJson(text) ?? text, headers: response.headers, secrets: bedrockSecrets(target) });
}

async function readJson(response: UpstreamResponse, target: DeploymentTarget): Promise<Record<string, unknown>> {
  await throwIfBedrockError(response, target);
  const body = parseJson(await response.text());
  if (!isRecord(body)) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not a JSON object');
  return body;
}

async function embeddings(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
  const family = embeddingFamilyOf(target.model);
  if (!family) throw new ProviderError('unsupported', 400, `Bedrock embeddings support amazon.titan-embed-* and cohere.embed-* models, not ${target.model}`);
  const calls = bedrockEmbeddingCalls(family, body);
  const results = await Promise.all(calls.map(async (call) => call.read(await readJson(await send('invoke', call.body, target, ctx), target))));
  return bedrockEmbeddingList(target.model, results, body.encoding_format);
}

/**
 * AWS Bedrock: chat through the Converse API (one request shape for every model family), streams
 * through ConverseStream (binary event-stream frames), embeddings through InvokeModel for Titan and
 * Cohere. Requests are SigV4-signed with the deployment's keys or the standard AWS credential chain.
 */
export const bedrockAdapter: ProviderAdapter = {
  name: 'bedrock',

  supports(operation, streaming = false) {
    return operation === 'chat' || (!streaming && operation === 'embeddings');
  },

  chatParams: translatedChatParams(BEDROCK_CHAT_FIELDS),

  async json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    if (operation === 'embeddings') return embeddings(body, target, ctx);
    if (operation !== 'chat') throw new ProviderError('unsupported', 400, `Provider bedrock does not support ${operation}`);
    const { body: request, jsonToolName } = prepareBedrockBody(body, ctx.onWarning);
    const response = await send('converse', request, target, ctx);
    const parsed = bedrockConverseResponseSchema.safeParse(await readJson(response, target));
    if (!parsed.success) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not a Converse response');
    return convertBedrockMessage(parsed.data, { id: `chatcmpl-${randomUUID()}`, model: target.model, created: nowSeconds(), ...(jsonToolName ? { jsonToolName } : {}) });
  },

  async stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>> {
    if (operation !== 'chat') throw new ProviderError('unsupported', 400, `Provider bedrock does not support streaming ${operation}`);
    const { body: request, jsonToolName } = prepareBedrockBody(body, ctx.onWarning);
    const response = await send('converse-stream', request, target, ctx);
    await throwIfBedrockError(response, target);
    const translator = new BedrockChunkTranslator({ id: `chatcmpl-${randomUUID()}`, model: target.model, created: nowSeconds(), ...(jsonToolName ? { jsonToolName } : {}) });
    return translateBedrockStream(response, bedrockSecrets(target), translator);
  },
};

/** Module-level, not a closure per call: a generator closure gives each call's generator a map of its own (see `deadline` in sendUpstream, send-upstream.ts). */
async function* translateBedrockStream(response: UpstreamResponse, secrets: Parameters<typeof readBedrockStream>[1], translator: BedrockChunkTranslator): AsyncGenerator<StreamEvent> {
  for await (const event of readBedrockStream(response, secrets)) yield* translator.translate(event);
  if (!translator.complete) throw new ProviderError('upstream_error', 502, 'The upstream stream was cut: it ended before messageStop');
}
