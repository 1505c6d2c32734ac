import { parseOpenAIChatRequest, type OpenAIChatRequest, type OpenAIToolChoice } from '../openai-wire/openai-chat-request.ts';
import { dropUnsupportedParams } from '../params/drop-unsupported-params.ts';
import { numberOnly, toStopList } from '../params/param-transforms.ts';
import { renameParams, type ParamRename } from '../params/rename-params.ts';
import { ProviderError } from '../provider-error.ts';
import { convertToGeminiContents, type GeminiContent } from './convert-to-gemini-contents.ts';

/** Fields this adapter maps, or that the gateway owns. `top_k`, `safety_settings` and `thinking_config` are Gemini's own. */
export const GEMINI_CHAT_FIELDS: ReadonlySet<string> = new Set([
  'model', 'stream', 'stream_options', 'metadata', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'stop',
  'max_tokens', 'max_completion_tokens', 'n', 'temperature', 'top_p', 'top_k', 'seed', 'presence_penalty', 'frequency_penalty', 'safety_settings', 'thinking_config', 'user',
]);

/** Sampling fields → `generationConfig` (camelCase); `thinking_config` is Gemini's own and goes as given. */
const GENERATION_PARAMS: readonly ParamRename[] = [
  { from: ['max_completion_tokens', 'max_tokens'], to: 'maxOutputTokens' },
  { from: 'temperature', to: 'temperature' },
  { from: 'top_p', to: 'topP' },
  { from: 'top_k', to: 'topK', transform: numberOnly },
  { from: 'seed', to: 'seed', transform: numberOnly },
  { from: 'presence_penalty', to: 'presencePenalty', transform: numberOnly },
  { from: 'frequency_penalty', to: 'frequencyPenalty', transform: numberOnly },
  { from: 'stop', to: 'stopSequences', transform: toStopList },
  { from: 'thinking_config', to: 'thinkingConfig' },
];

export interface GeminiGenerateRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: { name: string; description?: string; parameters?: Record<string, unknown> }[] }[];
  toolConfig?: { functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] } };
  generationConfig?: Record<string, unknown>;
  safetySettings?: unknown;
}

function toolConfigOf(choice: OpenAIToolChoice): NonNullable<GeminiGenerateRequest['toolConfig']> {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}

function toolsOf(request: OpenAIChatRequest): GeminiGenerateRequest['tools'] {
  const declarations = (request.tools ?? []).map((tool, index) => {
    if ((tool.type ?? 'function') !== 'function' || !tool.function) throw new ProviderError('unsupported', 400, `tools.${index}: only function tools can be sent to Gemini`, { code: 'unsupported_parameter' });
    const { name, description, parameters } = tool.function;
    return { name, ...(description ? { description } : {}), ...(parameters ? { parameters } : {}) };
  });
  return declarations.length > 0 ? [{ functionDeclarations: declarations }] : undefined;
}

/** JSON Schema keywords Gemini's OpenAPI-style `responseSchema` refuses. */
const UNSUPPORTED_SCHEMA_KEYS = new Set(['$schema', 'additionalProperties', '$id', 'strict']);

/** A JSON Schema as `responseSchema`: the keywords Gemini refuses removed at every depth. */
export function toGeminiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGeminiSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !UNSUPPORTED_SCHEMA_KEYS.has(key)).map(([key, value]) => [key, toGeminiSchema(value)]));
}

/**
 * An OpenAI chat request as a Gemini generateContent request (the model is in the URL). JSON mode is
 * Gemini's own: `responseMimeType: application/json`, with `responseSchema` for a json_schema format.
 */
export function prepareGeminiBody(raw: Record<string, unknown>, provider: string, warn?: (warning: string) => void): GeminiGenerateRequest {
  const unknown = Object.keys(raw).filter((key) => !GEMINI_CHAT_FIELDS.has(key));
  const kept = dropUnsupportedParams(provider, raw, unknown, warn);
  const request = parseOpenAIChatRequest(kept);
  if ((request.n ?? 1) !== 1) throw new ProviderError('unsupported', 400, 'This gateway returns one Gemini candidate: n must be 1', { code: 'unsupported_parameter', param: 'n' });
  const { systemInstruction, contents } = convertToGeminiContents(request.messages);

  const generation = renameParams(provider, kept, GENERATION_PARAMS, warn);
  if (request.response_format && request.response_format.type !== 'text') {
    generation.responseMimeType = 'application/json';
    const schema = request.response_format.json_schema?.schema;
    if (schema) generation.responseSchema = toGeminiSchema(schema);
  }
  if (request.user) warn?.(`${provider} has no user field; user was not sent`);

  const tools = toolsOf(request);
  return {
    contents,
    ...(systemInstruction ? { systemInstruction } : {}),
    ...(tools ? { tools } : {}),
    ...(tools && request.tool_choice ? { toolConfig: toolConfigOf(request.tool_choice) } : {}),
    ...(Object.keys(generation).length > 0 ? { generationConfig: generation } : {}),
    ...(raw.safety_settings !== undefined ? { safetySettings: raw.safety_settings } : {}),
  };
}
