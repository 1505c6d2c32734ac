import type { JsonOperation } from '../provider.ts';
import { isRecord } from '../is-record.ts';

export interface PromptText {
  /** Every piece of prompt text that the upstream tokenizes. */
  texts: string[];
  /** Chat messages (or Responses input items), each costing a few framing tokens. */
  messageCount: number;
}

/** Text of a `content` value: a string, or an array of parts of which only text parts count here. */
function collectContent(content: unknown, into: string[]): void {
  if (typeof content === 'string') into.push(content);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (typeof part === 'string') into.push(part);
      else if (isRecord(part) && typeof part.text === 'string') into.push(part.text);
    }
  }
}

function collectMessages(messages: unknown, into: string[]): number {
  if (!Array.isArray(messages)) return 0;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    collectContent(message.content, into);
    // Tool calls and tool definitions are prompt tokens too; their JSON is a fair stand-in.
    if (message.tool_calls !== undefined) into.push(JSON.stringify(message.tool_calls));
  }
  return messages.length;
}

/** The prompt of an OpenAI-format request as plain text, for counting tokens when the upstream reports none. */
export function promptTextOf(operation: JsonOperation, body: Record<string, unknown>): PromptText {
  const texts: string[] = [];
  let messageCount = 0;
  switch (operation) {
    case 'chat':
      messageCount = collectMessages(body.messages, texts);
      if (body.tools !== undefined) texts.push(JSON.stringify(body.tools));
      break;
    case 'responses':
      if (typeof body.instructions === 'string') texts.push(body.instructions);
      if (Array.isArray(body.input)) messageCount = collectMessages(body.input, texts);
      else collectContent(body.input, texts);
      if (body.tools !== undefined) texts.push(JSON.stringify(body.tools));
      break;
    case 'completions':
      collectContent(body.prompt, texts);
      break;
    case 'embeddings':
    case 'moderations':
      collectContent(body.input, texts);
      break;
    case 'images':
      collectContent(body.prompt, texts);
      break;
  }
  return { texts, messageCount };
}
