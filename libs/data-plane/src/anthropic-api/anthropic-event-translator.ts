import { countTextTokens, type StreamEvent, type Usage } from '@switchboard/providers';
import type { HttpError } from '@switchboard/service-kit';
import type { StreamTranslator } from '../wire-format.ts';
import { anthropicErrorFrame } from './anthropic-error-body.ts';
import { anthropicMessageId } from './anthropic-message-id.ts';
import { anthropicUsage } from './anthropic-usage.ts';
import { mapFinishReason } from './map-finish-reason.ts';
import { openAIChatChunkSchema, type OpenAIChatChunk } from './openai-response-schema.ts';

type ToolCallDelta = NonNullable<NonNullable<NonNullable<NonNullable<OpenAIChatChunk['choices']>[number]['delta']>['tool_calls']>[number]>;
type OpenBlock = { index: number; kind: 'text' | 'thinking' | 'tool' };

/** One SSE frame the way Anthropic writes it: the event name is the payload's `type`. */
function frame(payload: { type: string } & Record<string, unknown>): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

function parseChunk(data: string): OpenAIChatChunk | undefined {
  try {
    return openAIChatChunkSchema.safeParse(JSON.parse(data)).data;
  } catch {
    return undefined;
  }
}

/**
 * OpenAI chat chunks → Anthropic's event sequence, for `/v1/messages` served by an OpenAI-format
 * provider: `message_start` and `ping`, then per block `content_block_start`, its deltas (`text_delta`,
 * `thinking_delta`, `input_json_delta`) and `content_block_stop`, and at the end `message_delta` (stop
 * reason, usage) and `message_stop`. OpenAI reports usage only at the end, so `message_start` carries
 * zeros and `message_delta` the real numbers, input included (Anthropic's SDK merges both).
 */
export class AnthropicEventTranslator implements StreamTranslator {
  private started = false;
  private open: OpenBlock | undefined;
  private nextIndex = 0;
  private readonly toolBlocks = new Map<number, number>();
  private stopReason = 'end_turn';
  private outputText = '';

  frames(event: StreamEvent): string {
    const chunk = parseChunk(event.data);
    const choice = chunk?.choices?.[0];
    if (!chunk || !choice) return ''; // usage-only and filter-result chunks
    let out = this.start(chunk.id, chunk.model);
    const delta = choice.delta;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (reasoning) out += this.textDelta('thinking', reasoning);
    if (delta?.content) out += this.textDelta('text', delta.content);
    for (const call of delta?.tool_calls ?? []) out += this.toolDelta(call);
    if (choice.finish_reason) {
      this.stopReason = mapFinishReason(choice.finish_reason);
      out += this.closeBlock();
    }
    return out;
  }

  end(usage: Usage | undefined): string {
    const counted = usage ? anthropicUsage(usage) : { output_tokens: countTextTokens(this.outputText) };
    return (
      this.start(undefined, undefined) +
      this.closeBlock() +
      frame({ type: 'message_delta', delta: { stop_reason: this.stopReason, stop_sequence: null }, usage: counted }) +
      frame({ type: 'message_stop' })
    );
  }

  error(error: HttpError): string {
    return anthropicErrorFrame(error);
  }

  private start(id: string | null | undefined, model: string | null | undefined): string {
    if (this.started) return '';
    this.started = true;
    const message = { id: anthropicMessageId(id), type: 'message', role: 'assistant', model: model ?? '', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    return frame({ type: 'message_start', message }) + frame({ type: 'ping' });
  }

  private openBlock(kind: OpenBlock['kind'], contentBlock: Record<string, unknown>): string {
    const out = this.closeBlock();
    this.open = { index: this.nextIndex++, kind };
    return out + frame({ type: 'content_block_start', index: this.open.index, content_block: contentBlock });
  }

  private closeBlock(): string {
    if (!this.open) return '';
    const index = this.open.index;
    this.open = undefined;
    return frame({ type: 'content_block_stop', index });
  }

  private textDelta(kind: 'text' | 'thinking', text: string): string {
    this.outputText += text;
    let out = '';
    if (this.open?.kind !== kind) out += this.openBlock(kind, kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' });
    const delta = kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text };
    return out + frame({ type: 'content_block_delta', index: this.open?.index, delta });
  }

  private toolDelta(call: ToolCallDelta): string {
    const toolIndex = call.index ?? 0;
    let out = '';
    if (!this.toolBlocks.has(toolIndex)) {
      out += this.openBlock('tool', { type: 'tool_use', id: call.id ?? '', name: call.function?.name ?? '', input: {} });
      this.toolBlocks.set(toolIndex, this.open?.index ?? 0);
    }
    const args = call.function?.arguments;
    if (!args) return out;
    this.outputText += args;
    return out + frame({ type: 'content_block_delta', index: this.toolBlocks.get(toolIndex), delta: { type: 'input_json_delta', partial_json: args } });
  }
}
