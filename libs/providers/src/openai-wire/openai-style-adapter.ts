import { sendUpstream } from '../http/send-upstream.ts';
import type { BinaryResult, CallContext, DeploymentTarget, JsonOperation, JsonResult, ProviderAdapter, StreamEvent, StreamOperation } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { OPENAI_CHAT_PARAMS } from '../params/openai-chat-params.ts';
import type { UsageOptions } from './convert-openai-usage.ts';
import { openaiUrl, type OpenAIOperation } from './openai-endpoints.ts';
import { openaiHeaders } from './openai-headers.ts';
import { openaiTranscriptionForm } from './openai-transcription-form.ts';
import { prepareOpenAIJsonBody, prepareOpenAIStreamBody } from './prepare-openai-body.ts';
import { readJsonResult, throwIfUpstreamError } from './read-json-result.ts';
import { readOpenAIStream } from './read-openai-stream.ts';
import { resolveDeployment } from '../deployment/resolve-deployment.ts';

/** Everything that distinguishes one OpenAI-format upstream from another; plain data, no hooks. */
export interface OpenAIStyleConfig {
  name: string;
  /** Absent: every deployment must set `api_base` (self-hosted servers). */
  defaultApiBase?: string;
  requiresApiKey: boolean;
  operations: readonly OpenAIOperation[];
  streamOperations: readonly StreamOperation[];
  /** Whether the upstream accepts `stream_options.include_usage` (else the body goes without it). */
  streamOptions: boolean;
  /** Whether chat/completions streams end with `data: [DONE]`. */
  sendsDone: boolean;
  usage: UsageOptions;
}

/** An adapter for any upstream that speaks OpenAI's wire format; the OpenAI adapter is one instance. */
export function createOpenAIStyleAdapter(config: OpenAIStyleConfig): ProviderAdapter {
  const supported = new Set<string>(config.operations);
  const streamable = new Set<string>(config.streamOperations);

  function urlFor(operation: OpenAIOperation, target: DeploymentTarget, streaming: boolean): string {
    if (!(streaming ? streamable : supported).has(operation)) {
      const what = streaming ? `streaming ${operation}` : operation;
      throw new ProviderError('unsupported', 400, `Provider ${config.name} does not support ${what}`);
    }
    const { apiBase } = resolveDeployment(target, { provider: config.name, defaultApiBase: config.defaultApiBase, requiresApiKey: config.requiresApiKey });
    return openaiUrl(apiBase, operation);
  }

  const secretsOf = (target: DeploymentTarget): readonly (string | undefined)[] => [target.apiKey];

  /** Transcriptions and translations: the client's form re-sent with the upstream's model name. */
  async function audioForm(operation: 'audio_transcriptions' | 'audio_translations', form: FormData, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
    const url = urlFor(operation, target, false);
    const upstreamForm = openaiTranscriptionForm(form, target.model);
    const response = await sendUpstream({ url, headers: openaiHeaders(target, 'multipart'), body: upstreamForm, mode: 'json' }, target, ctx);
    const contentType = String(response.headers['content-type'] ?? '');
    if (response.status < 400 && !contentType.includes('json')) {
      // response_format text/srt/vtt: the transcript is the body itself.
      return { body: { text: await response.text() } };
    }
    return readJsonResult(response, { usage: config.usage, secrets: secretsOf(target) });
  }

  return {
    name: config.name,

    supports(operation, streaming = false) {
      return (streaming ? streamable : supported).has(operation);
    },

    chatParams: supported.has('chat') ? OPENAI_CHAT_PARAMS : [],

    async json(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<JsonResult> {
      const url = urlFor(operation, target, false);
      const payload = JSON.stringify(prepareOpenAIJsonBody(operation, body, target.model));
      const response = await sendUpstream({ url, headers: openaiHeaders(target, 'json'), body: payload, mode: 'json' }, target, ctx);
      return readJsonResult(response, { usage: config.usage, secrets: secretsOf(target) });
    },

    async stream(operation: StreamOperation, body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<AsyncIterable<StreamEvent>> {
      const url = urlFor(operation, target, true);
      const payload = JSON.stringify(prepareOpenAIStreamBody(operation, body, target.model, { requestUsage: config.streamOptions }));
      const headers = openaiHeaders(target, 'json', 'text/event-stream');
      const response = await sendUpstream({ url, headers, body: payload, mode: 'stream' }, target, ctx);
      await throwIfUpstreamError(response, secretsOf(target));
      return readOpenAIStream(response, operation, { usage: config.usage, secrets: secretsOf(target), expectDone: config.sendsDone });
    },

    async speech(body: Record<string, unknown>, target: DeploymentTarget, ctx: CallContext): Promise<BinaryResult> {
      const url = urlFor('audio_speech', target, false);
      const payload = JSON.stringify({ ...body, model: target.model });
      const response = await sendUpstream({ url, headers: openaiHeaders(target, 'json', '*/*'), body: payload, mode: 'stream' }, target, ctx);
      await throwIfUpstreamError(response, secretsOf(target));
      const contentType = response.headers['content-type'];
      return { contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream', body: response.body };
    },

    transcription: (form: FormData, target: DeploymentTarget, ctx: CallContext) => audioForm('audio_transcriptions', form, target, ctx),
    translation: (form: FormData, target: DeploymentTarget, ctx: CallContext) => audioForm('audio_translations', form, target, ctx),
  };
}
