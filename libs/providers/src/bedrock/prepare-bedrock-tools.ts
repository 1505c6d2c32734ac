import type { OpenAIChatRequest, OpenAIResponseFormat, OpenAITool, OpenAIToolChoice } from '../openai-wire/openai-chat-request.ts';
import { JSON_TOOL_DESCRIPTION, JSON_TOOL_NAME, jsonModeFormat } from '../json-mode/json-mode-tool.ts';
import { ProviderError } from '../provider-error.ts';

export interface BedrockToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } };
}
export type BedrockToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface BedrockToolSetup {
  toolConfig?: { tools: BedrockToolSpec[]; toolChoice?: BedrockToolChoice };
  /** Set in JSON mode: the tool whose call is the answer text (as for Anthropic). */
  jsonToolName?: string;
}

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };

function convertTool(tool: OpenAITool, index: number): BedrockToolSpec {
  if ((tool.type ?? 'function') !== 'function' || !tool.function) {
    throw new ProviderError('unsupported', 400, `tools.${index}: only function tools can be sent to Bedrock`, { code: 'unsupported_parameter' });
  }
  const { name, description, parameters } = tool.function;
  return { toolSpec: { name, ...(description ? { description } : {}), inputSchema: { json: parameters ?? EMPTY_OBJECT_SCHEMA } } };
}

function convertToolChoice(choice: OpenAIToolChoice): BedrockToolChoice | undefined {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  if (choice === 'none') return undefined;
  return { tool: { name: choice.function.name } };
}

function jsonTool(format: OpenAIResponseFormat): BedrockToolSpec {
  return {
    toolSpec: {
      name: JSON_TOOL_NAME,
      description: format.json_schema?.description ?? JSON_TOOL_DESCRIPTION,
      inputSchema: { json: format.json_schema?.schema ?? { type: 'object', additionalProperties: true } },
    },
  };
}

/**
 * OpenAI `tools`, `tool_choice` and `response_format` as Converse `toolConfig`. Converse has no "none":
 * the tools stay (earlier toolUse blocks need them) without a choice, and `warn` says so. JSON mode is a
 * forced tool call whose input becomes the answer text, as LiteLLM does for Bedrock.
 */
export function prepareBedrockTools(request: Pick<OpenAIChatRequest, 'tools' | 'tool_choice' | 'response_format'>, warn?: (warning: string) => void): BedrockToolSetup {
  const tools = (request.tools ?? []).map(convertTool);
  const jsonFormat = jsonModeFormat(request.response_format);
  if (request.tool_choice === 'none' && tools.length > 0) warn?.('bedrock has no tool_choice "none"; the model may still call a tool');
  let choice = request.tool_choice ? convertToolChoice(request.tool_choice) : undefined;
  if (jsonFormat) {
    choice ??= tools.length === 0 ? { tool: { name: JSON_TOOL_NAME } } : { any: {} };
    tools.push(jsonTool(jsonFormat));
  }
  if (tools.length === 0) return {};
  return { toolConfig: { tools, ...(choice ? { toolChoice: choice } : {}) }, ...(jsonFormat ? { jsonToolName: JSON_TOOL_NAME } : {}) };
}
