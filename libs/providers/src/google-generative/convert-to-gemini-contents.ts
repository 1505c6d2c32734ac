import type { OpenAIContentPart, OpenAIMessage } from '../openai-wire/openai-chat-request.ts';
import { ProviderError } from '../provider-error.ts';
import { thoughtSignatureOf } from './gemini-tool-call-id.ts';

export type GeminiRequestPart =
  | { text: string }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType: string; fileUri: string } }
  | { functionCall: { name: string; args: unknown }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: Record<string, unknown> } };

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiRequestPart[];
}

export interface GeminiPrompt {
  systemInstruction?: { parts: { text: string }[] };
  contents: GeminiContent[];
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function badRequest(message: string, param: string): ProviderError {
  return new ProviderError('bad_request', 400, message, { code: 'invalid_request', param });
}

/** Images: `data:` URLs inline; `gs://` and https URLs as file references (the model fetches them). */
function imagePart(url: string): GeminiRequestPart {
  const data = DATA_URL.exec(url);
  if (data) return { inlineData: { mimeType: (data[1] as string).toLowerCase(), data: data[2] as string } };
  const extension = /\.(png|jpe?g|gif|webp)(?:\?|$)/i.exec(url)?.[1]?.toLowerCase();
  const mimeType = extension ? `image/${extension === 'jpg' ? 'jpeg' : extension}` : 'image/jpeg';
  return { fileData: { mimeType, fileUri: url } };
}

function partOf(part: OpenAIContentPart): GeminiRequestPart | undefined {
  if (part.type === 'text') return part.text ? { text: part.text } : undefined;
  if (part.type === 'image_url' && part.image_url) return imagePart(part.image_url.url);
  if (part.type === 'file' && part.file?.file_data) {
    const data = DATA_URL.exec(part.file.file_data);
    if (data) return { inlineData: { mimeType: (data[1] as string).toLowerCase(), data: data[2] as string } };
  }
  throw new ProviderError('unsupported', 400, `Gemini does not accept content parts of type ${part.type} in this form`, { code: 'unsupported_content' });
}

function partsOf(content: OpenAIMessage['content']): GeminiRequestPart[] {
  if (content === null || content === undefined || content === '') return [];
  if (typeof content === 'string') return [{ text: content }];
  return content.map(partOf).filter((part): part is GeminiRequestPart => part !== undefined);
}

function textOf(content: OpenAIMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text ?? '').join('');
}

/** A tool result as `functionResponse.response`: a JSON object result as-is, anything else under `content`. */
function responseOf(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // plain text result
  }
  return { content: text };
}

/**
 * OpenAI messages as Gemini `systemInstruction` + `contents`. Assistant turns are `model`; tool calls
 * become `functionCall` parts; tool results `functionResponse` parts of a user turn, named after the
 * call they answer (Gemini matches results by function name, not id). Consecutive turns of one role
 * are merged.
 */
export function convertToGeminiContents(messages: readonly OpenAIMessage[]): GeminiPrompt {
  const system: { text: string }[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  const push = (role: GeminiContent['role'], parts: GeminiRequestPart[]) => {
    if (parts.length === 0) return;
    const previous = contents.at(-1);
    if (previous?.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  };
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const part of partsOf(message.content)) if ('text' in part) system.push(part);
        return;
      case 'user':
        return push('user', partsOf(message.content));
      case 'assistant': {
        const calls = (message.tool_calls ?? []).map((call, callIndex): GeminiRequestPart => {
          callNames.set(call.id, call.function.name);
          let args: unknown = {};
          try {
            args = call.function.arguments ? JSON.parse(call.function.arguments) : {};
          } catch {
            throw badRequest(`messages.${index}.tool_calls.${callIndex}.function.arguments is not valid JSON`, `messages.${index}.tool_calls`);
          }
          const signature = thoughtSignatureOf(call.id);
          return signature ? { functionCall: { name: call.function.name, args }, thoughtSignature: signature } : { functionCall: { name: call.function.name, args } };
        });
        return push('model', [...partsOf(message.content), ...calls]);
      }
      case 'tool': {
        const name = message.tool_call_id ? callNames.get(message.tool_call_id) : undefined;
        if (!name) throw badRequest(`messages.${index}: tool_call_id does not match a tool call of an earlier assistant message`, `messages.${index}.tool_call_id`);
        return push('user', [{ functionResponse: { name, response: responseOf(textOf(message.content)) } }]);
      }
      default:
        throw badRequest(`messages.${index}: role ${message.role} is not supported by Gemini; use tool messages`, `messages.${index}.role`);
    }
  });
  return system.length > 0 ? { systemInstruction: { parts: system }, contents } : { contents };
}
