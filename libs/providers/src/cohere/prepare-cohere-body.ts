import { parseOpenAIChatRequest, type OpenAIChatRequest, type OpenAIMessage } from '../openai-wire/openai-chat-request.ts';
import { dropUnsupportedParams } from '../params/drop-unsupported-params.ts';
import { numberOnly, toStopList } from '../params/param-transforms.ts';
import { renameParams, type ParamRename } from '../params/rename-params.ts';
import { ProviderError } from '../provider-error.ts';

export const COHERE_CHAT_FIELDS: ReadonlySet<string> = new Set([
  'model', 'stream', 'stream_options', 'metadata', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'stop',
  'max_tokens', 'max_completion_tokens', 'n', 'temperature', 'top_p', 'top_k', 'seed', 'presence_penalty', 'frequency_penalty', 'user',
]);

/** Sampling fields: Cohere v2 keeps most OpenAI names and shortens a few. */
const COHERE_PARAMS: readonly ParamRename[] = [
  { from: ['max_completion_tokens', 'max_tokens'], to: 'max_tokens' },
  { from: 'temperature', to: 'temperature' },
  { from: 'top_p', to: 'p' },
  { from: 'top_k', to: 'k', transform: numberOnly },
  { from: 'seed', to: 'seed', transform: numberOnly },
  { from: 'presence_penalty', to: 'presence_penalty', transform: numberOnly },
  { from: 'frequency_penalty', to: 'frequency_penalty', transform: numberOnly },
  { from: 'stop', to: 'stop_sequences', transform: toStopList },
];

type CohereMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[] }
  | { role: 'assistant'; content?: string; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

function textOf(content: OpenAIMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text ?? '').join('');
}

function convertMessage(message: OpenAIMessage, index: number): CohereMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content) };
    case 'user':
      if (typeof message.content === 'string' || !message.content) return { role: 'user', content: message.content ?? '' };
      return {
        role: 'user',
        content: message.content.map((part) => {
          if (part.type === 'text') return { type: 'text' as const, text: part.text ?? '' };
          if (part.type === 'image_url' && part.image_url) return { type: 'image_url' as const, image_url: { url: part.image_url.url } };
          throw new ProviderError('unsupported', 400, `Cohere does not accept content parts of type ${part.type}`, { code: 'unsupported_content' });
        }),
      };
    case 'assistant': {
      const text = textOf(message.content);
      const calls = (message.tool_calls ?? []).map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.function.name, arguments: call.function.arguments ?? '{}' } }));
      return { role: 'assistant', ...(text ? { content: text } : {}), ...(calls.length > 0 ? { tool_calls: calls } : {}) };
    }
    case 'tool':
      if (!message.tool_call_id) throw new ProviderError('bad_request', 400, `messages.${index}: a tool message needs tool_call_id`, { code: 'invalid_request', param: `messages.${index}.tool_call_id` });
      return { role: 'tool', tool_call_id: message.tool_call_id, content: textOf(message.content) };
    default:
      throw new ProviderError('bad_request', 400, `messages.${index}: role ${message.role} is not supported by Cohere`, { code: 'invalid_request', param: `messages.${index}.role` });
  }
}

function toolChoiceOf(request: OpenAIChatRequest, warn?: (warning: string) => void): 'REQUIRED' | 'NONE' | undefined {
  const choice = request.tool_choice;
  if (choice === 'required') return 'REQUIRED';
  if (choice === 'none') return 'NONE';
  if (choice && typeof choice === 'object') {
    warn?.('cohere cannot force one named tool; tool_choice became "required"');
    return 'REQUIRED';
  }
  return undefined;
}

/**
 * An OpenAI chat request as a Cohere v2 chat request. v2 is close to OpenAI's format: messages and
 * tools keep their shape; sampling fields are renamed (`top_p` → `p`, `top_k` → `k`, `stop` →
 * `stop_sequences`) and `tool_choice` is upper case.
 */
export function prepareCohereBody(raw: Record<string, unknown>, model: string, stream: boolean, warn?: (warning: string) => void): Record<string, unknown> {
  const unknown = Object.keys(raw).filter((key) => !COHERE_CHAT_FIELDS.has(key));
  const kept = dropUnsupportedParams('cohere', raw, unknown, warn);
  const request = parseOpenAIChatRequest(kept);
  if ((request.n ?? 1) !== 1) throw new ProviderError('unsupported', 400, 'Cohere returns one choice: n must be 1', { code: 'unsupported_parameter', param: 'n' });
  const body: Record<string, unknown> = { model, messages: request.messages.map(convertMessage), ...renameParams('cohere', kept, COHERE_PARAMS, warn) };
  if (stream) body.stream = true;
  if (request.tools && request.tools.length > 0) body.tools = request.tools.map((tool) => ({ type: 'function', function: tool.function }));
  const toolChoice = toolChoiceOf(request, warn);
  if (toolChoice && body.tools) body.tool_choice = toolChoice;
  if (request.response_format && request.response_format.type !== 'text') {
    const schema = request.response_format.json_schema?.schema;
    body.response_format = schema ? { type: 'json_object', json_schema: schema } : { type: 'json_object' };
  }
  if (request.user) warn?.('cohere has no user field; user was not sent');
  return body;
}
