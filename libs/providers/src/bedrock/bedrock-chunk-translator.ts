import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';
import type { StreamEvent } from '../provider.ts';
import type { Usage } from '../usage.ts';
import type { BedrockStreamEvent } from './bedrock-api.ts';
import { convertBedrockUsage } from './convert-bedrock-usage.ts';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.ts';

type BlockKind = { kind: 'json' } | { kind: 'tool'; toolIndex: number };

export interface BedrockChunkTranslatorOptions {
  id: string;
  model: string;
  created: number;
  jsonToolName?: string;
}

/**
 * Turns ConverseStream events into OpenAI `chat.completion.chunk`s: text deltas become `content`,
 * reasoning `reasoning_content`, a `toolUse` block start a tool call (id and name) whose `input` pieces
 * follow as `arguments`. `messageStop` gives the finish chunk; `metadata` (which may come before or
 * after it) the usage chunk with `choices: []`, always written after the finish chunk.
 */
export class BedrockChunkTranslator {
  private readonly blocks = new Map<number, BlockKind>();
  private toolCount = 0;
  private usage: Usage | undefined;
  private finished = false;
  private usageSent = false;
  private started = false;

  constructor(private readonly options: BedrockChunkTranslatorOptions) {}

  /** Whether `messageStop` arrived: a stream that ends before it was cut. */
  get complete(): boolean {
    return this.finished;
  }

  translate(event: BedrockStreamEvent): StreamEvent[] {
    const out: StreamEvent[] = [];
    if (!this.started && event.type !== 'metadata') {
      this.started = true;
      out.push(this.chunk({ role: 'assistant', content: '' }));
    }
    switch (event.type) {
      case 'contentBlockStart': {
        const toolUse = event.payload.start?.toolUse;
        const index = event.payload.contentBlockIndex ?? 0;
        if (toolUse && toolUse.name === this.options.jsonToolName) this.blocks.set(index, { kind: 'json' });
        else if (toolUse) {
          const toolIndex = this.toolCount++;
          this.blocks.set(index, { kind: 'tool', toolIndex });
          const name = toolUse.name ?? '';
          out.push({ ...this.chunk({ tool_calls: [{ index: toolIndex, id: toolUse.toolUseId ?? '', type: 'function', function: { name, arguments: '' } }] }), text: name });
        }
        return out;
      }
      case 'contentBlockDelta':
        return [...out, ...this.delta(event.payload)];
      case 'messageStop':
        this.finished = true;
        out.push({ ...this.chunk({}, mapBedrockStopReason(event.payload.stopReason, this.options.jsonToolName !== undefined)), finished: true });
        return [...out, ...this.usageChunk()];
      case 'metadata':
        if (event.payload.usage) this.usage = convertBedrockUsage(event.payload.usage);
        return this.finished ? this.usageChunk() : [];
      default:
        return out; // messageStart (the role chunk is written above), contentBlockStop
    }
  }

  private delta(payload: Extract<BedrockStreamEvent, { type: 'contentBlockDelta' }>['payload']): StreamEvent[] {
    const delta = payload.delta;
    const block = this.blocks.get(payload.contentBlockIndex ?? 0);
    if (!delta) return [];
    if (typeof delta.text === 'string' && delta.text !== '') return [this.text('content', delta.text)];
    if (delta.reasoningContent?.text) return [this.text('reasoning_content', delta.reasoningContent.text)];
    const input = delta.toolUse?.input;
    if (!input) return []; // reasoning signatures, empty pieces
    if (block?.kind === 'json') return [this.text('content', input)];
    if (block?.kind === 'tool') return [{ ...this.chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: input } }] }), text: input }];
    return [];
  }

  private usageChunk(): StreamEvent[] {
    if (!this.usage || this.usageSent) return [];
    this.usageSent = true;
    return [{ data: JSON.stringify(this.envelope([], openAIUsageBody(this.usage))), usage: this.usage }];
  }

  private text(field: 'content' | 'reasoning_content', text: string): StreamEvent {
    return { ...this.chunk({ [field]: text }), text };
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): StreamEvent {
    return { data: JSON.stringify(this.envelope([{ index: 0, delta, logprobs: null, finish_reason: finishReason }])) };
  }

  private envelope(choices: unknown[], usage?: Record<string, unknown>): Record<string, unknown> {
    const chunk: Record<string, unknown> = { id: this.options.id, object: 'chat.completion.chunk', created: this.options.created, model: this.options.model, choices };
    if (usage) chunk.usage = usage;
    return chunk;
  }
}
