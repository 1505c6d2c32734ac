import { convertAnthropicUsage, convertOpenAIUsage, mergeAnthropicUsage, Utf8ChunkDecoder, type AnthropicUsage, type Usage } from '@switchboard/providers';

/** Answers larger than this are not kept whole to be read for usage (they are still relayed). */
const MAX_JSON_BYTES = 4 * 1024 * 1024;
/** One SSE line longer than this is skipped (no usage chunk is anywhere near it). */
const MAX_LINE_BYTES = 1024 * 1024;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface PassthroughUsage {
  usage?: Usage;
  /** The model the provider says answered, for pricing. */
  model?: string;
}

/**
 * Reads the usage a provider reports in a passthrough answer as the bytes go by, so the call can be priced
 * and charged like a translated one: OpenAI's JSON and SSE (Chat Completions and Responses), Anthropic's
 * JSON and SSE (`message_start` / `message_delta`). Anything else (or nothing reported) leaves usage undefined.
 */
export class PassthroughUsageReader {
  private readonly sse: boolean;
  private json: Buffer[] = [];
  private jsonBytes = 0;
  private line = '';
  private readonly decoder = new Utf8ChunkDecoder();
  private anthropicStart: AnthropicUsage | undefined;
  private anthropicDelta: AnthropicUsage | undefined;
  private result: PassthroughUsage = {};

  constructor(contentType: string) {
    this.sse = contentType.includes('text/event-stream');
    if (!this.sse && !contentType.includes('json')) this.jsonBytes = Number.POSITIVE_INFINITY;
  }

  push(chunk: Buffer): void {
    if (!this.sse) {
      this.jsonBytes += chunk.length;
      if (this.jsonBytes <= MAX_JSON_BYTES) this.json.push(chunk);
      else this.json = [];
      return;
    }
    this.line += this.decoder.decode(chunk);
    let end = this.line.indexOf('\n');
    while (end >= 0) {
      this.readLine(this.line.slice(0, end));
      this.line = this.line.slice(end + 1);
      end = this.line.indexOf('\n');
    }
    if (this.line.length > MAX_LINE_BYTES) this.line = '';
  }

  end(): PassthroughUsage {
    if (this.sse) {
      if (this.line !== '') this.readLine(this.line);
      if (this.anthropicStart || this.anthropicDelta) this.result.usage = convertAnthropicUsage(mergeAnthropicUsage(this.anthropicStart, this.anthropicDelta));
      return this.result;
    }
    if (this.jsonBytes > MAX_JSON_BYTES || this.json.length === 0) return this.result;
    try {
      this.readBody(JSON.parse(Buffer.concat(this.json).toString('utf8')) as unknown);
    } catch {
      // Not JSON after all: nothing to read.
    }
    return this.result;
  }

  private readLine(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.startsWith('data:')) return;
    const data = line.slice(5).trim();
    if (data === '' || data === '[DONE]') return;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    if (!isRecord(event)) return;
    if (event.type === 'message_start' && isRecord(event.message)) {
      if (typeof event.message.model === 'string') this.result.model = event.message.model;
      if (isRecord(event.message.usage)) this.anthropicStart = event.message.usage as AnthropicUsage;
      return;
    }
    if (event.type === 'message_delta' && isRecord(event.usage)) {
      this.anthropicDelta = mergeAnthropicUsage(this.anthropicDelta, event.usage as AnthropicUsage);
      return;
    }
    // Responses API events carry the finished response; Chat Completions chunks carry usage at the end.
    this.readBody(isRecord(event.response) ? event.response : event);
  }

  private readBody(body: unknown): void {
    if (!isRecord(body)) return;
    if (typeof body.model === 'string') this.result.model = body.model;
    if (!isRecord(body.usage)) return;
    // Anthropic's message names its usage input/output_tokens like OpenAI's Responses API; its type tells them apart.
    this.result.usage = body.type === 'message' ? convertAnthropicUsage(body.usage as AnthropicUsage) : (convertOpenAIUsage(body.usage) ?? this.result.usage);
  }
}
