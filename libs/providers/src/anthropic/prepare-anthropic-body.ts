import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import { dropUnsupportedParams } from '../params/drop-unsupported-params.ts';
import { numberOnly, toStopList } from '../params/param-transforms.ts';
import { renameParams, type ParamRename } from '../params/rename-params.ts';
import type { DeploymentTarget } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { parseOpenAIChatRequest } from '../openai-wire/openai-chat-request.ts';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';

/** Anthropic requires `max_tokens`; OpenAI clients usually leave it out. */
export const DEFAULT_MAX_TOKENS = 4096;
const MAX_TEMPERATURE = 1;

/**
 * Request fields this adapter maps (or that the gateway owns: model, stream, stream_options, and
 * metadata, which LiteLLM clients send for the gateway's logs). `top_k` and `thinking` are Anthropic's
 * own and pass through. Every other field is dropped with a warning: Anthropic refuses unknown fields.
 */
export const ANTHROPIC_CHAT_FIELDS: ReadonlySet<string> = new Set([
  'model', 'stream', 'stream_options', 'metadata', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format',
  'stop', 'max_tokens', 'max_completion_tokens', 'n', 'temperature', 'top_p', 'user', 'top_k', 'thinking',
]);

/** `user` as Anthropic's `metadata.user_id`. */
function toAnthropicMetadata(user: unknown): { user_id: string } | undefined {
  return typeof user === 'string' && user !== '' ? { user_id: user } : undefined;
}

/** Plain renames; `max_tokens` (required, with a default) and `temperature` (clamped) are built below. */
const ANTHROPIC_PARAMS: readonly ParamRename[] = [
  { from: 'stop', to: 'stop_sequences', transform: toStopList },
  { from: 'top_p', to: 'top_p' },
  { from: 'user', to: 'metadata', transform: toAnthropicMetadata },
  { from: 'top_k', to: 'top_k', transform: numberOnly },
  // Anthropic validates its own thinking config.
  { from: 'thinking', to: 'thinking' },
];

export interface PreparedAnthropicRequest {
  body: MessageCreateParamsBase;
  /** Set in JSON mode (see prepare-anthropic-tools.ts). */
  jsonToolName?: string;
}

function defaultMaxTokens(params: DeploymentTarget['params']): number {
  const configured = params.max_tokens;
  return typeof configured === 'number' && Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_TOKENS;
}

/** An OpenAI chat request as an Anthropic Messages request for `target`; every change beyond renames is reported through `warn`. */
export function prepareAnthropicBody(raw: Record<string, unknown>, target: DeploymentTarget, stream: boolean, warn?: (warning: string) => void): PreparedAnthropicRequest {
  const unknown = Object.keys(raw).filter((key) => !ANTHROPIC_CHAT_FIELDS.has(key));
  const kept = dropUnsupportedParams('anthropic', raw, unknown, warn);
  const request = parseOpenAIChatRequest(kept);
  if ((request.n ?? 1) !== 1) throw new ProviderError('unsupported', 400, 'Anthropic returns one choice: n must be 1', { code: 'unsupported_parameter', param: 'n' });

  const { system, messages } = convertToAnthropicMessages(request.messages);
  const { jsonToolName, ...tools } = prepareAnthropicTools(request);
  const body: MessageCreateParamsBase = {
    ...renameParams('anthropic', kept, ANTHROPIC_PARAMS, warn),
    model: target.model,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens(target.params),
    messages,
    ...(system ? { system } : {}),
    ...tools,
  };
  if (stream) body.stream = true;
  if (typeof request.temperature === 'number') {
    if (request.temperature > MAX_TEMPERATURE) warn?.(`anthropic accepts temperature up to ${MAX_TEMPERATURE}; ${request.temperature} was lowered to ${MAX_TEMPERATURE}`);
    body.temperature = Math.min(request.temperature, MAX_TEMPERATURE);
  }
  return jsonToolName ? { body, jsonToolName } : { body };
}
