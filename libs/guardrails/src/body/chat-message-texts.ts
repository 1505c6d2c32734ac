import { isRecord, mapContent, mapItems, withField, type JsonRecord, type TextMapper } from './text-mapper.ts';

function mapToolCall(call: unknown, role: string | undefined, map: TextMapper): unknown {
  if (!isRecord(call) || !isRecord(call.function) || typeof call.function.arguments !== 'string') return call;
  return withField(call, 'function', withField(call.function, 'arguments', map(call.function.arguments, role, 'tool_arguments')));
}

/**
 * An OpenAI chat message (a request's message or an answer choice's `message`): its content (string or
 * parts; a `tool`/`function` message's content is a tool result), its refusal, and its tool calls'
 * arguments (JSON text, checked as text).
 */
export function mapChatMessage(message: unknown, map: TextMapper): unknown {
  if (!isRecord(message)) return message;
  const role = typeof message.role === 'string' ? message.role : undefined;
  const part = role === 'tool' || role === 'function' ? 'tool_result' : 'content';
  let out: JsonRecord = withField(message, 'content', mapContent(message.content, role, part, map));
  if (typeof message.refusal === 'string') out = withField(out, 'refusal', map(message.refusal, role, 'content'));
  if (Array.isArray(message.tool_calls)) out = withField(out, 'tool_calls', mapItems(message.tool_calls, (call) => mapToolCall(call, role, map)));
  if (isRecord(message.function_call) && typeof message.function_call.arguments === 'string') {
    out = withField(out, 'function_call', withField(message.function_call, 'arguments', map(message.function_call.arguments, role, 'tool_arguments')));
  }
  return out;
}
