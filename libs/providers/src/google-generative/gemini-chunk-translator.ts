import { openAIUsageBody } from '../openai-wire/openai-usage-body.ts';
import type { StreamEvent } from '../provider.ts';
import type { Usage } from '../usage.ts';
import type { GeminiResponse } from './gemini-api.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { geminiRefusal, partsOfCandidate } from './convert-gemini-response.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';

/**
 * Turns streamGenerateContent chunks into OpenAI `chat.completion.chunk`s. Each Gemini chunk carries
 * new text and whole function calls; usage is cumulative on every chunk, so the last one counts and
 * is written once, after the finish chunk, when the stream ends (`end`).
 */
export class GeminiChunkTranslator {
  private id = '';
  private model: string;
  private started = false;
  private toolCount = 0;
  private hasOutput = false;
  private usage: Usage | undefined;
  private finished = false;

  constructor(private readonly options: { model: string; created: number }) {
    this.model = options.model;
  }

  get complete(): boolean {
    return this.finished;
  }

  translate(response: GeminiResponse): StreamEvent[] {
    const out: StreamEvent[] = [];
    if (response.usageMetadata) this.usage = convertGeminiUsage(response.usageMetadata);
    if (!this.started) {
      this.started = true;
      this.id = response.responseId ?? `chatcmpl-${this.options.created}`;
      this.model = response.modelVersion ?? this.model;
      out.push(this.chunk({ role: 'assistant', content: '' }));
    }
    const candidate = response.candidates?.[0];
    const { text, reasoning, toolCalls } = partsOfCandidate(candidate);
    if (reasoning) out.push({ ...this.chunk({ reasoning_content: reasoning }), text: reasoning });
    if (text) out.push({ ...this.chunk({ content: text }), text });
    for (const call of toolCalls) {
      out.push({ ...this.chunk({ tool_calls: [{ index: this.toolCount++, ...call }] }), text: call.function.name + call.function.arguments });
    }
    this.hasOutput ||= text !== '' || toolCalls.length > 0;
    const refusal = geminiRefusal(response, this.hasOutput);
    if (refusal) throw refusal;
    if (candidate?.finishReason && !this.finished) {
      this.finished = true;
      out.push({ ...this.chunk({}, mapGeminiFinishReason(candidate.finishReason, this.toolCount > 0)), finished: true });
    }
    return out;
  }

  /** The usage chunk, once the stream is over. */
  end(): StreamEvent[] {
    if (!this.usage) return [];
    return [{ data: JSON.stringify(this.envelope([], openAIUsageBody(this.usage))), usage: this.usage }];
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
