import type { OpenAIContentPart, OpenAIMessage } from '../openai-wire/openai-chat-request.ts';
import { ProviderError } from '../provider-error.ts';

/** Converse request blocks, as JSON on the wire (image bytes are base64 text). */
export type BedrockImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
export type BedrockRequestBlock =
  | { text: string }
  | { image: { format: BedrockImageFormat; source: { bytes: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: ({ text: string } | { json: unknown } | { image: { format: BedrockImageFormat; source: { bytes: string } } })[] } };

export interface BedrockMessage {
  role: 'user' | 'assistant';
  content: BedrockRequestBlock[];
}

export interface BedrockPrompt {
  system?: { text: string }[];
  messages: BedrockMessage[];
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;
const IMAGE_FORMATS: Readonly<Record<string, BedrockImageFormat>> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

function badRequest(message: string, param: string): ProviderError {
  return new ProviderError('bad_request', 400, message, { code: 'invalid_request', param });
}

function unsupported(message: string): ProviderError {
  return new ProviderError('unsupported', 400, message, { code: 'unsupported_content' });
}

/** Bedrock takes image bytes only (it fetches no URLs): a base64 `data:` URL of png, jpeg, gif or webp. */
function imageBlock(url: string): { image: { format: BedrockImageFormat; source: { bytes: string } } } {
  const data = DATA_URL.exec(url);
  if (!data) throw unsupported('Bedrock needs images inline as base64 data: URLs; it cannot fetch image URLs');
  const format = IMAGE_FORMATS[(data[1] as string).toLowerCase()];
  if (!format) throw unsupported(`Bedrock does not accept images of type ${data[1]}; use png, jpeg, gif or webp`);
  return { image: { format, source: { bytes: data[2] as string } } };
}

function partBlock(part: OpenAIContentPart): BedrockRequestBlock | undefined {
  if (part.type === 'text') return part.text ? { text: part.text } : undefined;
  if (part.type === 'image_url' && part.image_url) return imageBlock(part.image_url.url);
  throw unsupported(`Bedrock does not accept content parts of type ${part.type}`);
}

function contentBlocks(content: OpenAIMessage['content']): BedrockRequestBlock[] {
  if (content === null || content === undefined || content === '') return [];
  if (typeof content === 'string') return [{ text: content }];
  return content.map(partBlock).filter((block): block is BedrockRequestBlock => block !== undefined);
}

function toolUseBlocks(message: OpenAIMessage, index: number): BedrockRequestBlock[] {
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
    return { toolUse: { toolUseId: call.id, name: call.function.name, input } };
  });
}

function toolResultBlock(message: OpenAIMessage, index: number): BedrockRequestBlock {
  if (!message.tool_call_id) throw badRequest(`messages.${index}: a tool message needs tool_call_id`, `messages.${index}.tool_call_id`);
  const content = contentBlocks(message.content).map((block) => {
    if ('text' in block || 'image' in block) return block;
    throw badRequest(`messages.${index}: tool results hold text and images`, `messages.${index}.content`);
  });
  // Bedrock refuses an empty toolResult content list.
  return { toolResult: { toolUseId: message.tool_call_id, content: content.length > 0 ? content : [{ text: '' }] } };
}

function blocksOf(message: OpenAIMessage, index: number): BedrockMessage {
  switch (message.role) {
    case 'assistant':
      return { role: 'assistant', content: [...contentBlocks(message.content), ...toolUseBlocks(message, index)] };
    case 'tool':
      return { role: 'user', content: [toolResultBlock(message, index)] };
    case 'user':
      return { role: 'user', content: contentBlocks(message.content) };
    default:
      throw badRequest(`messages.${index}: role ${message.role} is not supported by Bedrock; use tool messages`, `messages.${index}.role`);
  }
}

/**
 * OpenAI messages as Converse `system` + `messages`. System and developer messages become `system`;
 * tool calls become `toolUse` blocks and tool results `toolResult` blocks of a user turn. Consecutive
 * turns of one role are merged and empty turns dropped: Converse needs user and assistant to alternate.
 */
export function convertToBedrockMessages(messages: readonly OpenAIMessage[]): BedrockPrompt {
  const system: { text: string }[] = [];
  const converted: BedrockMessage[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system' || message.role === 'developer') {
      for (const block of contentBlocks(message.content)) if ('text' in block) system.push(block);
      return;
    }
    const turn = blocksOf(message, index);
    if (turn.content.length === 0) return;
    const previous = converted.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else converted.push(turn);
  });
  return system.length > 0 ? { system, messages: converted } : { messages: converted };
}
