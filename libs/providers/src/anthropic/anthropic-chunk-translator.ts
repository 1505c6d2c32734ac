import type { StreamEvent } from '../provider.ts';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-api.ts';
import { finishReasonOf } from './convert-anthropic-message.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';
import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';

/** What a content block becomes in OpenAI chunks; server-side tool blocks and the like are `skip`. */
type BlockKind = { kind: 'text' | 'thinking' | 'json' | 'skip' } | { kind: 'tool'; toolIndex: number };

export interface ChunkTranslatorOptions {
  jsonToolName?: string;
  created: number;
}

/**
 * Turns one Anthropic stream into OpenAI `chat.completion.chunk`s, event by event: text deltas become
 * `content`, thinking `reasoning_content`, a `tool_use` block a tool call (id and name first, then its
 * `input_json_delta` pieces as `arguments`). `message_delta` gives the finish chunk and then a usage
 * chunk with `choices: []`, as OpenAI sends it for `stream_options.include_usage`.
 */
export class AnthropicChunkTranslator {
  private id = '';
  private model = '';
  private startUsage: AnthropicUsage | undefined;
  private readonly blocks = new Map<number, BlockKind>();
  private toolCount = 0;

  constructor(private readonly options: ChunkTranslatorOptions) {}

  translate(event: AnthropicStreamEvent): StreamEvent[] {
    switch (event.type) {
      case 'message_start':
        this.id = event.message?.id ?? '';
        this.model = event.message?.model ?? '';
        this.startUsage = event.message?.usage ?? undefined;
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'content_block_start':
        return this.blockStart(event);
      case 'content_block_delta':
        return this.blockDelta(event);
      case 'message_delta':
        return this.messageDelta(event);
      default:
        return []; // ping, content_block_stop, message_stop
    }
  }

  private blockStart(event: AnthropicStreamEvent): StreamEvent[] {
    const block = event.content_block;
    const index = event.index ?? 0;
    if (block?.type === 'text') {
      this.blocks.set(index, { kind: 'text' });
      return block.text ? [this.text('content', block.text)] : [];
    }
    if (block?.type === 'thinking') {
      this.blocks.set(index, { kind: 'thinking' });
      return block.thinking ? [this.text('reasoning_content', block.thinking)] : [];
    }
    if (block?.type === 'tool_use' && block.name === this.options.jsonToolName) {
      this.blocks.set(index, { kind: 'json' });
      return [];
    }
    if (block?.type === 'tool_use') {
      const toolIndex = this.toolCount++;
      this.blocks.set(index, { kind: 'tool', toolIndex });
      const name = block.name ?? '';
      const call = { index: toolIndex, id: block.id ?? '', type: 'function', function: { name, arguments: '' } };
      return [{ ...this.chunk({ tool_calls: [call] }), text: name }];
    }
    this.blocks.set(index, { kind: 'skip' });
    return [];
  }

  private blockDelta(event: AnthropicStreamEvent): StreamEvent[] {
    const block = this.blocks.get(event.index ?? 0);
    const delta = event.delta;
    if (!block || !delta) return [];
    if (block.kind === 'text' && delta.text) return [this.text('content', delta.text)];
    if (block.kind === 'thinking' && delta.thinking) return [this.text('reasoning_content', delta.thinking)];
    if (block.kind === 'json' && delta.partial_json) return [this.text('content', delta.partial_json)];
    if (block.kind === 'tool' && delta.partial_json) {
      const call = { index: block.toolIndex, function: { arguments: delta.partial_json } };
      return [{ ...this.chunk({ tool_calls: [call] }), text: delta.partial_json }];
    }
    return []; // signature and citation deltas, empty JSON pieces, server-side blocks
  }

  private messageDelta(event: AnthropicStreamEvent): StreamEvent[] {
    const usage = convertAnthropicUsage(mergeAnthropicUsage(this.startUsage, event.usage));
    const finish = finishReasonOf(event.delta?.stop_reason, this.toolCount > 0, this.options.jsonToolName !== undefined);
    const finishChunk: StreamEvent = { ...this.chunk({}, finish), finished: true };
    const usageChunk: StreamEvent = { data: JSON.stringify(this.envelope([], openAIUsageBody(usage))), usage };
    return [finishChunk, usageChunk];
  }

  private text(field: 'content' | 'reasoning_content', text: string): StreamEvent {
    return { ...this.chunk({ [field]: text }), text };
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): StreamEvent {
    return { data: JSON.stringify(this.envelope([{ index: 0, delta, logprobs: null, finish_reason: finishReason }])) };
  }

  private envelope(choices: unknown[], usage?: Record<string, unknown>): Record<string, unknown> {
    const chunk: Record<string, unknown> = { id: this.id, object: 'chat.completion.chunk', created: this.options.created, model: this.model, choices };
    if (usage) chunk.usage = usage;
    return chunk;
  }
}
