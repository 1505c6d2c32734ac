import type { CacheControlEphemeral, ContentBlockParam, MessageParam, TextBlockParam, ToolResultBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { ProviderError } from '../provider-error.ts';
import { convertContent } from './convert-to-anthropic-content.ts';
import type { OpenAIMessage } from '../openai-wire/openai-chat-request.ts';

export interface AnthropicPrompt {
  system?: TextBlockParam[];
  messages: MessageParam[];
}

function badRequest(message: string, param: string): ProviderError {
  return new ProviderError('bad_request', 400, message, { code: 'invalid_request', param });
}

/** A message-level `cache_control` (LiteLLM's spelling) marks the message's last block. */
function markLastBlock<T extends ContentBlockParam>(blocks: T[], cacheControl: OpenAIMessage['cache_control']): T[] {
  const last = blocks.at(-1);
  if (!cacheControl || !last) return blocks;
  return [...blocks.slice(0, -1), { ...last, cache_control: cacheControl as unknown as CacheControlEphemeral }];
}

function toolUseBlocks(message: OpenAIMessage, index: number): ToolUseBlockParam[] {
  return (message.tool_calls ?? []).map((call, callIndex) => {
    const raw = call.function.arguments ?? '';
    let input: unknown = {};
    if (raw.trim() !== '') {
      try {
        input = JSON.parse(raw);
      } catch {
        throw badRequest(`messages.${index}.tool_calls.${callIndex}.function.arguments is not valid JSON`, `messages.${index}.tool_calls`);
      }
    }
    return { type: 'tool_use', id: call.id, name: call.function.name, input };
  });
}

function toolResultBlock(message: OpenAIMessage, index: number): ToolResultBlockParam {
  if (!message.tool_call_id) throw badRequest(`messages.${index}: a tool message needs tool_call_id`, `messages.${index}.tool_call_id`);
  const content = convertContent(message.content).map((block) => {
    if (block.type === 'document') throw badRequest(`messages.${index}: tool results sent to Anthropic can hold text and images, not files`, `messages.${index}.content`);
    return block;
  });
  return content.length > 0 ? { type: 'tool_result', tool_use_id: message.tool_call_id, content } : { type: 'tool_result', tool_use_id: message.tool_call_id };
}

/** The blocks one OpenAI message contributes, and the Anthropic role they go under. */
function blocksOf(message: OpenAIMessage, index: number): { role: 'user' | 'assistant'; blocks: ContentBlockParam[] } {
  switch (message.role) {
    case 'assistant':
      return { role: 'assistant', blocks: [...convertContent(message.content), ...toolUseBlocks(message, index)] };
    case 'tool':
      return { role: 'user', blocks: [toolResultBlock(message, index)] };
    case 'user':
      return { role: 'user', blocks: convertContent(message.content) };
    default:
      throw badRequest(`messages.${index}: role ${message.role} is not supported by Anthropic; use tool messages`, `messages.${index}.role`);
  }
}

/**
 * OpenAI messages as Anthropic's `system` + `messages`. System and developer messages, wherever they
 * are, become the system prompt; tool results become `tool_result` blocks of a user turn; assistant
 * tool calls become `tool_use` blocks. Consecutive turns of one role are merged, since Anthropic needs
 * user and assistant to alternate (several tool results for one assistant turn share one user turn).
 */
export function convertToAnthropicMessages(messages: readonly OpenAIMessage[]): AnthropicPrompt {
  const system: TextBlockParam[] = [];
  const converted: MessageParam[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system' || message.role === 'developer') {
      const blocks = convertContent(message.content).filter((block): block is TextBlockParam => block.type === 'text');
      system.push(...markLastBlock(blocks, message.cache_control));
      return;
    }
    const { role, blocks } = blocksOf(message, index);
    const marked = markLastBlock(blocks, message.cache_control);
    if (marked.length === 0) return; // Anthropic refuses empty turns
    const previous = converted.at(-1);
    if (previous?.role === role) previous.content = [...(previous.content as ContentBlockParam[]), ...marked];
    else converted.push({ role, content: marked });
  });
  return system.length > 0 ? { system, messages: converted } : { messages: converted };
}
