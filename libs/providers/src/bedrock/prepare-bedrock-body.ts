import { parseOpenAIChatRequest } from '../openai-wire/openai-chat-request.ts';
import { dropUnsupportedParams } from '../params/drop-unsupported-params.ts';
import { ProviderError } from '../provider-error.ts';
import { convertToBedrockMessages, type BedrockMessage } from './convert-to-bedrock-messages.ts';
import { prepareBedrockTools, type BedrockToolSetup } from './prepare-bedrock-tools.ts';

/** Fields this adapter maps, or that the gateway owns. `top_k` and `thinking` go to `additionalModelRequestFields`. */
const KNOWN_FIELDS = new Set([
  'model', 'stream', 'stream_options', 'metadata', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format',
  'stop', 'max_tokens', 'max_completion_tokens', 'n', 'temperature', 'top_p', 'user', 'top_k', 'thinking',
]);

export interface ConverseRequest {
  messages: BedrockMessage[];
  system?: { text: string }[];
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: BedrockToolSetup['toolConfig'];
  additionalModelRequestFields?: Record<string, unknown>;
}

export interface PreparedConverseRequest {
  body: ConverseRequest;
  jsonToolName?: string;
}

/** An OpenAI chat request as a Converse request (the model id goes in the URL, not the body). */
export function prepareBedrockBody(raw: Record<string, unknown>, warn?: (warning: string) => void): PreparedConverseRequest {
  const unknown = Object.keys(raw).filter((key) => !KNOWN_FIELDS.has(key));
  const kept = dropUnsupportedParams('bedrock', raw, unknown, warn);
  const request = parseOpenAIChatRequest(kept);
  if ((request.n ?? 1) !== 1) throw new ProviderError('unsupported', 400, 'Bedrock returns one choice: n must be 1', { code: 'unsupported_parameter', param: 'n' });
  if (request.user) warn?.('bedrock has no user field; user was not sent');

  const { system, messages } = convertToBedrockMessages(request.messages);
  const { toolConfig, jsonToolName } = prepareBedrockTools(request, warn);
  const inference: NonNullable<ConverseRequest['inferenceConfig']> = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens) inference.maxTokens = maxTokens;
  if (typeof request.temperature === 'number') inference.temperature = request.temperature;
  if (typeof request.top_p === 'number') inference.topP = request.top_p;
  if (request.stop !== null && request.stop !== undefined) inference.stopSequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  const additional: Record<string, unknown> = {};
  if (typeof raw.top_k === 'number') additional.top_k = raw.top_k;
  if (raw.thinking !== undefined && raw.thinking !== null) additional.thinking = raw.thinking; // the model validates its own config

  const body: ConverseRequest = {
    messages,
    ...(system ? { system } : {}),
    ...(Object.keys(inference).length > 0 ? { inferenceConfig: inference } : {}),
    ...(toolConfig ? { toolConfig } : {}),
    ...(Object.keys(additional).length > 0 ? { additionalModelRequestFields: additional } : {}),
  };
  return jsonToolName ? { body, jsonToolName } : { body };
}
