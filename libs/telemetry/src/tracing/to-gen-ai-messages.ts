/** A message part in the GenAI conventions' input/output message schema. */
export type GenAiPart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; result: unknown }
  | { type: string };

export interface GenAiMessage {
  role: string;
  parts: GenAiPart[];
  finish_reason?: string;
}

/** Applied to every piece of text that leaves the gateway (the same redaction as the logs). */
export type RedactText = (text: string) => string;

export interface ContentOptions {
  redact: RedactText;
  /** Longer texts are cut, so one huge prompt cannot make a span the exporter drops. */
  maxTextChars: number;
}

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);

function text(value: string, options: ContentOptions): string {
  const redacted = options.redact(value);
  return redacted.length > options.maxTextChars ? `${redacted.slice(0, options.maxTextChars)}…[truncated]` : redacted;
}

function anyText(value: unknown, options: ContentOptions): unknown {
  if (typeof value === 'string') return text(value, options);
  if (Array.isArray(value)) return value.map((item) => anyText(item, options));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, anyText(item, options)]));
  return value;
}

function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** One content block: OpenAI's parts (`text`, `image_url`, ...) and Anthropic's blocks (`text`, `tool_use`, `tool_result`, ...). */
function toPart(block: unknown, options: ContentOptions): GenAiPart {
  if (typeof block === 'string') return { type: 'text', content: text(block, options) };
  if (!isRecord(block)) return { type: 'unknown' };
  const type = typeof block.type === 'string' ? block.type : 'unknown';
  if ((type === 'text' || type === 'input_text' || type === 'output_text') && typeof block.text === 'string') return { type: 'text', content: text(block.text, options) };
  if (type === 'tool_use') return { type: 'tool_call', ...(typeof block.id === 'string' ? { id: block.id } : {}), name: String(block.name ?? ''), arguments: anyText(block.input, options) };
  if (type === 'tool_result') return { type: 'tool_call_response', ...(typeof block.tool_use_id === 'string' ? { id: block.tool_use_id } : {}), result: anyText(block.content, options) };
  // Images, audio, files: the kind only, never the bytes.
  return { type };
}

function partsOf(content: unknown, options: ContentOptions): GenAiPart[] {
  if (content === undefined || content === null) return [];
  return Array.isArray(content) ? content.map((block) => toPart(block, options)) : [toPart(content, options)];
}

function toMessage(message: unknown, options: ContentOptions): GenAiMessage {
  if (!isRecord(message)) return { role: 'user', parts: partsOf(message, options) };
  const role = typeof message.role === 'string' ? message.role : 'user';
  if (role === 'tool') {
    return { role, parts: [{ type: 'tool_call_response', ...(typeof message.tool_call_id === 'string' ? { id: message.tool_call_id } : {}), result: anyText(message.content, options) }] };
  }
  const parts = partsOf(message.content, options);
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isRecord(call)) continue;
      const fn = isRecord(call.function) ? call.function : {};
      parts.push({ type: 'tool_call', ...(typeof call.id === 'string' ? { id: call.id } : {}), name: String(fn.name ?? ''), arguments: anyText(parseArguments(fn.arguments), options) });
    }
  }
  return { role, parts };
}

/** A chat request's `messages` (OpenAI or Anthropic shape) as `gen_ai.input.messages`. */
export function toGenAiInputMessages(messages: unknown, options: ContentOptions): GenAiMessage[] {
  return Array.isArray(messages) ? messages.map((message) => toMessage(message, options)) : [];
}

/** A separate system prompt (Anthropic's `system`, a string or text blocks) as `gen_ai.system_instructions`. */
export function toGenAiSystemInstructions(system: unknown, options: ContentOptions): GenAiPart[] {
  return partsOf(system, options);
}

/** The answer's text as `gen_ai.output.messages`. */
export function toGenAiOutputMessages(outputText: string, finishReason: string | undefined, options: ContentOptions): GenAiMessage[] {
  return [{ role: 'assistant', parts: [{ type: 'text', content: text(outputText, options) }], finish_reason: finishReason ?? 'stop' }];
}
