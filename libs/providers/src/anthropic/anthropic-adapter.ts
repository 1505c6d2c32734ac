import { sendUpstream, type UpstreamResponse } from '../http/send-upstream.ts';
import { resolveDeployment } from '../deployment/resolve-deployment.ts';
import type { CallContext, DeploymentTarget, JsonOperation, JsonResult, NativeMessagesOptions, ProviderAdapter, StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { anthropicCountTokensSchema, anthropicMessageSchema } from './anthropic-api.ts';
import { AnthropicChunkTranslator } from './anthropic-chunk-translator.ts';
import { ANTHROPIC_DEFAULT_API_BASE, anthropicUrl, type AnthropicOperation } from './anthropic-endpoints.ts';
import { anthropicHeaders } from './anthropic-headers.ts';
import { convertAnthropicMessage } from './convert-anthropic-message.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { ANTHROPIC_CHAT_FIELDS, prepareAnthropicBody } from './prepare-anthropic-body.ts';
import { translatedChatParams } from '../params/openai-chat-params.ts';
import { readAnthropicEvents } from './read-anthropic-events.ts';
import { readAnthropicJson, throwIfAnthropicError } from './read-anthropic-json.ts';
import { readNativeAnthropicStream } from './read-native-anthropic-stream.ts';

const secretsOf = (target: DeploymentTarget): readonly (string | undefined)[] => [target.apiKey];
const nowSeconds = () => Math.floor(Date.now() / 1000);

function requireChat(operation: JsonOperation): void {
  if (operation !== 'chat') throw new ProviderError('unsupported', 400, `Provider anthropic does not support ${operation}`);
}

interface AnthropicCall {
  operation: AnthropicOperation;
  body: object;
  mode: 'json' | 'stream';
  betas?: readonly string[] | undefined;
}

async function send(call: AnthropicCall, target: DeploymentTarget, ctx: CallContext): Promise<UpstreamResponse> {
  const { apiBase } = resolveDeployment(target, { provider: 'anthropic', defaultApiBase: ANTHROPIC_DEFAULT_API_BASE, requiresApiKey: true });
  const accept = call.mode === 'stream' ? 'text/event-stream' : 'application/json';
  const headers = anthropicHeaders(target, accept, call.betas);
  return sendUpstream({ url: anthropicUrl(apiBase, call.operation), headers, body: JSON.stringify(call.body), mode: call.mode }, target, ctx);
}

/** The client's Anthropic body for the upstream: its model name, and `stream` as this call needs it. */
function nativeBody(body: Record<string, unknown>, target: DeploymentTarget, stream: boolean): Record<string, unknown> {
  const { stream: _clientStream, ...rest } = body;
  return stream ? { ...rest, model: target.model, stream: true } : { ...rest, model: target.model };
}

const nativeMessages = {
  async json(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext, options: NativeMessagesOptions = {}): Promise<JsonResult> {
    const response = await send({ operation: 'messages', body: nativeBody(body, target, false), mode: 'json', betas: options.betas }, target, ctx);
    const message = await readAnthropicJson(response, secretsOf(target));
    const usage = anthropicMessageSchema.safeParse(message).data?.usage;
    return usage ? { body: message, usage: convertAnthropicUsage(usage) } : { body: message };
  },

  async stream(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext, options: NativeMessagesOptions = {}): Promise<AsyncIterable<StreamEvent>> {
    const response = await send({ operation: 'messages', body: nativeBody(body, target, true), mode: 'stream', betas: options.betas }, target, ctx);
    await throwIfAnthropicError(response, secretsOf(target));
    return readNativeAnthropicStream(response, secretsOf(target));
  },

  async countTokens(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext, options: NativeMessagesOptions = {}): Promise<{ inputTokens: number }> {
    const response = await send({ operation: 'count_tokens', body: nativeBody(body, target, false), mode: 'json', betas: options.betas }, target, ctx);
    const parsed = anthropicCountTokensSchema.safeParse(await readAnthropicJson(response, secretsOf(target)));
    if (!parsed.success) throw new ProviderError('upstream_error', 502, 'The upstream answered count_tokens without input_tokens');
    return { inputTokens: parsed.data.input_tokens };
  },
};

/**
 * Anthropic's Messages API. Chat requests arrive in OpenAI's format and are translated both ways; the
 * `messages` methods speak Anthropic's format natively for the gateway's `/v1/messages`.
 */
export const anthropicAdapter: ProviderAdapter = {
  name: 'anthropic',

  supports(operation) {
    return operation === 'chat';
  },

  chatParams: translatedChatParams(ANTHROPIC_CHAT_FIELDS),

  async json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    requireChat(operation);
    const { body: request, jsonToolName } = prepareAnthropicBody(body, target, false, ctx.onWarning);
    const response = await send({ operation: 'messages', body: request, mode: 'json' }, target, ctx);
    const parsed = anthropicMessageSchema.safeParse(await readAnthropicJson(response, secretsOf(target)));
    if (!parsed.success) throw new ProviderError('upstream_error', 502, 'The upstream answered with a body that is not an Anthropic message');
    return convertAnthropicMessage(parsed.data, { created: nowSeconds(), ...(jsonToolName ? { jsonToolName } : {}) });
  },

  async stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>> {
    requireChat(operation);
    const { body: request, jsonToolName } = prepareAnthropicBody(body, target, true, ctx.onWarning);
    const response = await send({ operation: 'messages', body: request, mode: 'stream' }, target, ctx);
    await throwIfAnthropicError(response, secretsOf(target));
    const translator = new AnthropicChunkTranslator({ created: nowSeconds(), ...(jsonToolName ? { jsonToolName } : {}) });
    return translateAnthropicStream(response, secretsOf(target), translator);
  },

  messages: nativeMessages,
};

/** Module-level, not a closure per call: a generator closure gives each call's generator a map of its own (see `deadline` in sendUpstream, send-upstream.ts). */
async function* translateAnthropicStream(response: UpstreamResponse, secrets: readonly (string | undefined)[], translator: AnthropicChunkTranslator): AsyncGenerator<StreamEvent> {
  for await (const { event } of readAnthropicEvents(response, secrets)) yield* translator.translate(event);
}
