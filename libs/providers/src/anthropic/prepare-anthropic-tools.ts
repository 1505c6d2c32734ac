import type { CacheControlEphemeral, Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import { JSON_TOOL_DESCRIPTION, JSON_TOOL_NAME, jsonModeFormat } from '../json-mode/json-mode-tool.ts';
import { ProviderError } from '../provider-error.ts';
import type { OpenAIChatRequest, OpenAIResponseFormat, OpenAITool, OpenAIToolChoice } from '../openai-wire/openai-chat-request.ts';

export interface AnthropicToolSetup {
  tools?: Tool[];
  tool_choice?: ToolChoice;
  /** Set in JSON mode: the tool whose call is the answer text, not a tool call. */
  jsonToolName?: string;
}

const EMPTY_OBJECT_SCHEMA: Tool.InputSchema = { type: 'object', properties: {} };
const ANY_OBJECT_SCHEMA: Tool.InputSchema = { type: 'object', additionalProperties: true };

function unsupported(message: string): ProviderError {
  return new ProviderError('unsupported', 400, message, { code: 'unsupported_parameter' });
}

function objectSchema(schema: Record<string, unknown> | null | undefined, fallback: Tool.InputSchema, what: string): Tool.InputSchema {
  if (!schema) return fallback;
  if (schema.type !== undefined && schema.type !== 'object') throw unsupported(`${what} must describe a JSON object for Anthropic (its type is ${String(schema.type)})`);
  return { ...schema, type: 'object' };
}

function convertTool(tool: OpenAITool, index: number): Tool {
  if ((tool.type ?? 'function') !== 'function' || !tool.function) throw unsupported(`tools.${index}: only function tools can be sent to Anthropic`);
  const { name, description, parameters } = tool.function;
  return {
    name,
    input_schema: objectSchema(parameters, EMPTY_OBJECT_SCHEMA, `tools.${index}.function.parameters`),
    ...(description ? { description } : {}),
    ...(tool.cache_control ? { cache_control: tool.cache_control as unknown as CacheControlEphemeral } : {}),
  };
}

function convertToolChoice(choice: OpenAIToolChoice): ToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.function.name };
}

function jsonTool(format: OpenAIResponseFormat): Tool {
  return {
    name: JSON_TOOL_NAME,
    description: format.json_schema?.description ?? JSON_TOOL_DESCRIPTION,
    input_schema: objectSchema(format.json_schema?.schema, ANY_OBJECT_SCHEMA, 'response_format.json_schema.schema'),
  };
}

/**
 * OpenAI `tools`, `tool_choice`, `parallel_tool_calls` and `response_format` as Anthropic tools. In JSON
 * mode without other tools the JSON tool is forced; next to the client's tools the model must call one
 * of them (`any`) unless the client chose otherwise.
 */
export function prepareAnthropicTools(request: Pick<OpenAIChatRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls' | 'response_format'>): AnthropicToolSetup {
  const tools = (request.tools ?? []).map(convertTool);
  const jsonFormat = jsonModeFormat(request.response_format);
  let choice = request.tool_choice ? convertToolChoice(request.tool_choice) : undefined;
  if (jsonFormat) {
    choice ??= tools.length === 0 ? { type: 'tool', name: JSON_TOOL_NAME } : { type: 'any' };
    tools.push(jsonTool(jsonFormat));
  }
  if (tools.length === 0) return {};
  if (request.parallel_tool_calls === false && choice?.type !== 'none') choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return { tools, ...(choice ? { tool_choice: choice } : {}), ...(jsonFormat ? { jsonToolName: JSON_TOOL_NAME } : {}) };
}
