/**
 * A Server-Sent Events parser for text that arrives in arbitrary chunks (a line, an event, or half of
 * one): lines end in \n, \r\n or \r; a blank line dispatches the event; `data:` lines join with \n; one
 * space after the colon is dropped; `:` lines are comments (keep-alives).
 */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseParser {
  push(chunk: string): SseEvent[];
  /** The stream ended: an event without its blank line still counts. */
  end(): SseEvent[];
}

export function createSseParser(): SseParser {
  let buffer = '';
  let data: string[] = [];
  let event = '';

  const take = (line: string, out: SseEvent[]) => {
    if (line === '') {
      if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  };

  return {
    push(chunk) {
      buffer += chunk;
      const out: SseEvent[] = [];
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
        if (match[0] === '\r' && match.index === buffer.length - 1) break;
        take(buffer.slice(0, match.index), out);
        buffer = buffer.slice(match.index + match[0].length);
      }
      return out;
    },
    end() {
      const out: SseEvent[] = [];
      if (buffer !== '') take(buffer.replace(/\r$/, ''), out);
      buffer = '';
      take('', out);
      return out;
    },
  };
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type ChatStreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'usage'; usage: ChatUsage }
  | { type: 'finish'; reason: string }
  | { type: 'error'; message: string }
  | { type: 'done' };

/** One `data:` payload of an OpenAI chat-completions stream, as what the playground does with it. */
export function parseChatStreamData(data: string): ChatStreamEvent[] {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') return [{ type: 'done' }];
  let chunk: unknown;
  try {
    chunk = JSON.parse(trimmed);
  } catch {
    return [{ type: 'error', message: 'The gateway sent a stream event the playground cannot read.' }];
  }
  if (typeof chunk !== 'object' || chunk === null) return [];
  const record = chunk as { error?: { message?: unknown } | string; choices?: unknown; usage?: unknown };
  if (record.error !== undefined) {
    const message = typeof record.error === 'string' ? record.error : typeof record.error?.message === 'string' ? record.error.message : 'The model returned an error.';
    return [{ type: 'error', message }];
  }
  const events: ChatStreamEvent[] = [];
  if (Array.isArray(record.choices)) {
    for (const choice of record.choices as Array<{ delta?: { content?: unknown }; finish_reason?: unknown }>) {
      const text = choice?.delta?.content;
      if (typeof text === 'string' && text !== '') events.push({ type: 'delta', text });
      if (typeof choice?.finish_reason === 'string') events.push({ type: 'finish', reason: choice.finish_reason });
    }
  }
  const usage = record.usage as Partial<ChatUsage> | null | undefined;
  if (usage && typeof usage.total_tokens === 'number') {
    events.push({ type: 'usage', usage: { prompt_tokens: usage.prompt_tokens ?? 0, completion_tokens: usage.completion_tokens ?? 0, total_tokens: usage.total_tokens } });
  }
  return events;
}
