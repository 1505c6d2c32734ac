import type {
  ChatCompletionContentPart,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { AnthropicContentBlockParam, AnthropicMessageParam, AnthropicRequest } from './anthropic-request-schema.ts';

type Block = AnthropicContentBlockParam;
type ToolResultBlock = Extract<Block, { type: 'tool_result' }>;

/** Collects what the translation had to leave out; each distinct note is reported once. */
export type Notes = Set<string>;

const leftOut = (what: string) => `${what} left out: the model is not served by Anthropic, and OpenAI's format has no equivalent`;

function documentPart(block: Extract<Block, { type: 'document' }>, notes: Notes): ChatCompletionContentPart | undefined {
  const source = block.source as { type: string; media_type?: unknown; data?: unknown; content?: unknown };
  if (source.type === 'base64' && source.media_type === 'application/pdf' && typeof source.data === 'string') {
    return { type: 'file', file: { filename: block.title ?? 'document.pdf', file_data: `data:application/pdf;base64,${source.data}` } };
  }
  if (source.type === 'text' && typeof source.data === 'string') return { type: 'text', text: source.data };
  if (source.type === 'content') {
    const content = source.content;
    const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((part: { text?: unknown }) => (typeof part.text === 'string' ? part.text : '')).join('') : '';
    return { type: 'text', text };
  }
  notes.add(leftOut(`documents with a ${source.type} source were`));
  return undefined;
}

/** One block of a user turn as an OpenAI content part (tool results are handled by the caller). */
function userPart(block: Exclude<Block, ToolResultBlock>, notes: Notes): ChatCompletionContentPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'image': {
      const { source } = block;
      if (source.type === 'base64') return { type: 'image_url', image_url: { url: `data:${source.media_type ?? 'image/png'};base64,${source.data ?? ''}` } };
      if (source.type === 'url' && source.url) return { type: 'image_url', image_url: { url: source.url } };
      notes.add(leftOut('images given by file id were'));
      return undefined;
    }
    case 'document':
      return documentPart(block, notes);
    default:
      notes.add(leftOut(`${block.type} blocks were`));
      return undefined;
  }
}

function toolResultText(block: ToolResultBlock, notes: Notes): string {
  if (typeof block.content === 'string' || block.content === undefined) return block.content ?? '';
  let text = '';
  for (const part of block.content) {
    if (part.type === 'text') text += part.text;
    else notes.add(leftOut(`${part.type} blocks inside tool results were`));
  }
  return text;
}

function userMessages(content: Block[], notes: Notes): ChatCompletionMessageParam[] {
  // Anthropic puts tool results first in the user turn; OpenAI wants them as tool messages right after the calls.
  const messages: ChatCompletionMessageParam[] = [];
  const parts: ChatCompletionContentPart[] = [];
  for (const block of content) {
    if (block.type === 'tool_result') messages.push({ role: 'tool', tool_call_id: block.tool_use_id, content: toolResultText(block, notes) });
    else {
      const part = userPart(block, notes);
      if (part) parts.push(part);
    }
  }
  if (parts.length > 0) messages.push({ role: 'user', content: parts });
  return messages;
}

function assistantMessage(content: Block[], notes: Notes): ChatCompletionMessageParam {
  let text = '';
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = [];
  for (const block of content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
    else notes.add(leftOut(`${block.type} blocks in earlier assistant turns were`));
  }
  if (toolCalls.length === 0) return { role: 'assistant', content: text };
  return { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls };
}

function systemMessage(system: AnthropicRequest['system']): ChatCompletionMessageParam[] {
  if (system === undefined) return [];
  const text = typeof system === 'string' ? system : system.map((block) => block.text).join('\n');
  return text === '' ? [] : [{ role: 'system', content: text }];
}

/**
 * Anthropic's `system` + `messages` as OpenAI chat messages: the system prompt first, `tool_use` blocks as
 * `tool_calls`, `tool_result` blocks as `tool` messages, images and PDFs as content parts. Prompt-caching
 * marks have no meaning outside Anthropic and are dropped silently; anything else that cannot be expressed
 * is noted.
 */
export function convertAnthropicMessagesToOpenAI(system: AnthropicRequest['system'], messages: readonly AnthropicMessageParam[], notes: Notes): ChatCompletionMessageParam[] {
  const converted = systemMessage(system);
  for (const message of messages) {
    if (typeof message.content === 'string') {
      converted.push(message.role === 'user' ? { role: 'user', content: message.content } : { role: 'assistant', content: message.content });
      continue;
    }
    if (message.role === 'user') converted.push(...userMessages(message.content, notes));
    else converted.push(assistantMessage(message.content, notes));
  }
  return converted;
}
