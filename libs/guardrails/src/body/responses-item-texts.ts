import { isRecord, mapContent, withField, type TextMapper } from './text-mapper.ts';

/**
 * One item of a Responses API `input` or `output`: a message (string or parts), a function or custom tool
 * call's arguments, or a tool call's output. Reasoning items and built-in tool calls are left alone.
 */
export function mapResponsesItem(item: unknown, map: TextMapper): unknown {
  if (typeof item === 'string') return map(item, 'user', 'content');
  if (!isRecord(item)) return item;
  switch (item.type) {
    case 'function_call':
      return typeof item.arguments === 'string' ? withField(item, 'arguments', map(item.arguments, 'assistant', 'tool_arguments')) : item;
    case 'custom_tool_call':
      return typeof item.input === 'string' ? withField(item, 'input', map(item.input, 'assistant', 'tool_arguments')) : item;
    case 'function_call_output':
    case 'custom_tool_call_output':
      return withField(item, 'output', mapContent(item.output, 'tool', 'tool_result', map));
    case undefined:
    case 'message': {
      const role = typeof item.role === 'string' ? item.role : undefined;
      return withField(item, 'content', mapContent(item.content, role, 'content', map));
    }
    default:
      return item;
  }
}
