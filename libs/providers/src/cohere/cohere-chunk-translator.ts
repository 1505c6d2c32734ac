import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';
import type { StreamEvent } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import type { CohereStreamEvent } from './cohere-api.ts';
import { convertCohereUsage } from './convert-cohere-usage.ts';
import { mapCohereFinishReason } from './map-cohere-finish-reason.ts';

/**
 * Turns Cohere v2 stream events into OpenAI `chat.completion.chunk`s: `content-delta` → `content`,
 * `tool-plan-delta` and thinking → `reasoning_content`, `tool-call-start` → a tool call (id, name),
 * `tool-call-delta` → its argument pieces, `message-end` → the finish chunk and a usage chunk.
 */
export class CohereChunkTranslator {
  private id = '';

  constructor(private readonly options: { model: string; created: number }) {}

  translate(event: CohereStreamEvent): StreamEvent[] {
    const message = event.delta?.message;
    const content = Array.isArray(message?.content) ? undefined : message?.content;
    const call = Array.isArray(message?.tool_calls) ? undefined : message?.tool_calls;
    switch (event.type) {
      case 'message-start':
        this.id = event.id ?? '';
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'content-delta':
        if (content?.thinking) return [this.text('reasoning_content', content.thinking)];
        return content?.text ? [this.text('content', content.text)] : [];
      case 'tool-plan-delta':
        return message?.tool_plan ? [this.text('reasoning_content', message.tool_plan)] : [];
      case 'tool-call-start': {
        const name = call?.function?.name ?? '';
        const args = call?.function?.arguments ?? '';
        return [{ ...this.chunk({ tool_calls: [{ index: event.index ?? 0, id: call?.id ?? '', type: 'function', function: { name, arguments: args } }] }), text: name + args }];
      }
      case 'tool-call-delta': {
        const args = call?.function?.arguments;
        return args ? [{ ...this.chunk({ tool_calls: [{ index: event.index ?? 0, function: { arguments: args } }] }), text: args }] : [];
      }
      case 'message-end':
        return this.end(event);
      default:
        return []; // content-start, content-end, tool-call-end, citation events
    }
  }

  private end(event: CohereStreamEvent): StreamEvent[] {
    if (event.delta?.finish_reason === 'ERROR') throw new ProviderError('upstream_error', 502, `Cohere ended the stream with an error${event.delta.error ? `: ${event.delta.error}` : ''}`);
    const finish: StreamEvent = { ...this.chunk({}, mapCohereFinishReason(event.delta?.finish_reason)), finished: true };
    const raw = event.delta?.usage;
    if (!raw) return [finish];
    const usage = convertCohereUsage(raw);
    const chunk = { id: this.id, object: 'chat.completion.chunk', created: this.options.created, model: this.options.model, choices: [], usage: openAIUsageBody(usage) };
    return [finish, { data: JSON.stringify(chunk), usage }];
  }

  private text(field: 'content' | 'reasoning_content', text: string): StreamEvent {
    return { ...this.chunk({ [field]: text }), text };
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): StreamEvent {
    const choices = [{ index: 0, delta, logprobs: null, finish_reason: finishReason }];
    return { data: JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.options.created, model: this.options.model, choices }) };
  }
}
