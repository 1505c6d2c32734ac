import { parseOpenAIChatRequest } from '../openai-wire/openai-chat-request.ts';
import { dropUnsupportedParams } from '../params/drop-unsupported-params.ts';
import { numberOnly, toStopList } from '../params/param-transforms.ts';
import { renameParams, type ParamRename } from '../params/rename-params.ts';
import { ProviderError } from '../provider-error.ts';
import { convertToBedrockMessages, type BedrockMessage } from './convert-to-bedrock-messages.ts';
import { prepareBedrockTools, type BedrockToolSetup } from './prepare-bedrock-tools.ts';

/** Fields this adapter maps, or that the gateway owns. `top_k` and `thinking` go to `additionalModelRequestFields`. */
export const BEDROCK_CHAT_FIELDS: ReadonlySet<string> = new Set([
  'model', 'stream', 'stream_options', 'metadata', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format',
  'stop', 'max_tokens', 'max_completion_tokens', 'n', 'temperature', 'top_p', 'user', 'top_k', 'thinking',
]);

/** Sampling fields Converse takes itself, in `inferenceConfig`. */
const INFERENCE_PARAMS: readonly ParamRename[] = [
  { from: ['max_completion_tokens', 'max_tokens'], to: 'maxTokens' },
  { from: 'temperature', to: 'temperature' },
  { from: 'top_p', to: 'topP' },
  { from: 'stop', to: 'stopSequences', transform: toStopList },
];

/** Fields the model takes beyond Converse's own, in `additionalModelRequestFields`; the model validates `thinking`. */
const MODEL_PARAMS: readonly ParamRename[] = [
  { from: 'top_k', to: 'top_k', transform: numberOnly },
  { from: 'thinking', to: 'thinking' },
];

export interface ConverseRequest {
  messages: BedrockMessage[];
  system?: { text: string }[];
  /** `maxTokens`, `temperature`, `topP`, `stopSequences` (see INFERENCE_PARAMS). */
  inferenceConfig?: Record<string, unknown>;
  toolConfig?: BedrockToolSetup['toolConfig'];
  additionalModelRequestFields?: Record<string, unknown>;
}

export interface PreparedConverseRequest {
  body: ConverseRequest;
  jsonToolName?: string;
}

/** An OpenAI chat request as a Converse request (the model id goes in the URL, not the body). */
export function prepareBedrockBody(raw: Record<string, unknown>, warn?: (warning: string) => void): PreparedConverseRequest {
  const unknown = Object.keys(raw).filter((key) => !BEDROCK_CHAT_FIELDS.has(key));
  const kept = dropUnsupportedParams('bedrock', raw, unknown, warn);
  const request = parseOpenAIChatRequest(kept);
  if ((request.n ?? 1) !== 1) throw new ProviderError('unsupported', 400, 'Bedrock returns one choice: n must be 1', { code: 'unsupported_parameter', param: 'n' });
  if (request.user) warn?.('bedrock has no user field; user was not sent');

  const { system, messages } = convertToBedrockMessages(request.messages);
  const { toolConfig, jsonToolName } = prepareBedrockTools(request, warn);
  const inference = renameParams('bedrock', kept, INFERENCE_PARAMS, warn);
  const additional = renameParams('bedrock', kept, MODEL_PARAMS, warn);

  const body: ConverseRequest = {
    messages,
    ...(system ? { system } : {}),
    ...(Object.keys(inference).length > 0 ? { inferenceConfig: inference } : {}),
    ...(toolConfig ? { toolConfig } : {}),
    ...(Object.keys(additional).length > 0 ? { additionalModelRequestFields: additional } : {}),
  };
  return jsonToolName ? { body, jsonToolName } : { body };
}
