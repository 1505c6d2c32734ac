import { sendUpstream, type UpstreamResponse } from '../http/send-upstream.ts';
import { prepareOpenAIJsonBody, prepareOpenAIStreamBody } from '../openai-wire/prepare-openai-body.ts';
import { readJsonResult } from '../openai-wire/read-json-result.ts';
import { readOpenAIStream } from '../openai-wire/read-openai-stream.ts';
import { mapOpenAIError } from '../openai-wire/map-openai-error.ts';
import { openaiHeaders } from '../openai-wire/openai-headers.ts';
import type { CallContext, DeploymentTarget, JsonOperation, JsonResult, ProviderAdapter, StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { OPENAI_CHAT_PARAMS } from '../params/openai-chat-params.ts';
import { azureContentFilterError, azureFilteredAnswer } from './azure-content-filter.ts';
import { azureAuthHeaders, azureUrl, type AzureOperation } from './azure-endpoints.ts';

const JSON_OPERATIONS = new Set<string>(['chat', 'completions', 'embeddings', 'images']);
const STREAM_OPERATIONS = new Set<string>(['chat', 'completions']);

function secretsOf(target: DeploymentTarget): readonly (string | undefined)[] {
  return [target.apiKey, typeof target.params.azure_ad_token === 'string' ? target.params.azure_ad_token : undefined];
}

/** Headers as for OpenAI (extra_headers from config), with Azure's credential instead of OpenAI's. */
function headersFor(target: DeploymentTarget, accept: string): Record<string, string> {
  const { authorization: _openaiAuth, ...rest } = openaiHeaders({ ...target, apiKey: undefined }, 'json', accept);
  return { ...rest, ...azureAuthHeaders(target) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Azure error bodies are OpenAI's, plus content-filter details that name what tripped. */
async function throwIfAzureError(response: UpstreamResponse, target: DeploymentTarget): Promise<void> {
  if (response.status < 400) return;
  const text = await response.text();
  const body = parseJson(text) ?? text;
  throw azureContentFilterError(body) ?? mapOpenAIError({ status: response.status, body, headers: response.headers, secrets: secretsOf(target) });
}

/** A response already read as text, replayed for readJsonResult. */
function replayed(response: UpstreamResponse, text: string): UpstreamResponse {
  const bytes = new TextEncoder().encode(text);
  return { status: response.status, headers: response.headers, body: yieldOnce(bytes), text: () => Promise.resolve(text), textNow: () => text, protocolEnded: () => response.protocolEnded() };
}

/**
 * Azure OpenAI: the OpenAI wire format at per-deployment URLs with an `api-version`. Built from the
 * OpenAI adapter's parts (body preparation, result and stream reading); only URLs, credentials and
 * content-filter errors are Azure's own.
 */
export const azureAdapter: ProviderAdapter = {
  name: 'azure',

  supports(operation, streaming = false) {
    return (streaming ? STREAM_OPERATIONS : JSON_OPERATIONS).has(operation);
  },

  // Azure OpenAI takes OpenAI's request as it is.
  chatParams: OPENAI_CHAT_PARAMS,

  async json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    if (!JSON_OPERATIONS.has(operation)) throw new ProviderError('unsupported', 400, `Provider azure does not support ${operation}`);
    const url = azureUrl(target, operation as AzureOperation);
    const payload = JSON.stringify(prepareOpenAIJsonBody(operation, body, target.model));
    const response = await sendUpstream({ url, headers: headersFor(target, 'application/json'), body: payload, mode: 'json' }, target, ctx);
    await throwIfAzureError(response, target);
    const text = await response.text();
    const refusal = azureFilteredAnswer(parseJson(text));
    if (refusal) throw refusal;
    return readJsonResult(replayed(response, text), { usage: {}, secrets: secretsOf(target) });
  },

  async stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>> {
    if (!STREAM_OPERATIONS.has(operation)) throw new ProviderError('unsupported', 400, `Provider azure does not support streaming ${operation}`);
    const url = azureUrl(target, operation as AzureOperation);
    const payload = JSON.stringify(prepareOpenAIStreamBody(operation, body, target.model, { requestUsage: true }));
    const response = await sendUpstream({ url, headers: headersFor(target, 'text/event-stream'), body: payload, mode: 'stream' }, target, ctx);
    await throwIfAzureError(response, target);
    return readOpenAIStream(response, operation, { usage: {}, secrets: secretsOf(target), expectDone: true });
  },
};

/** Module-level, not a closure per call: a generator closure gives each call's generator a map of its own (see `deadline` in sendUpstream, send-upstream.ts). */
async function* yieldOnce(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
