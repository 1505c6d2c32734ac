import type { CallSignal } from '../call-signal.ts';
import type { StreamEvent } from '../provider.ts';
import { abortableSleep, throwIfAborted } from './abortable-sleep.ts';
import type { MockReply } from './mock-text-bodies.ts';
import { chatUsageWire } from './mock-usage.ts';

export interface MockStreamPlan {
  operation: 'chat' | 'completions';
  reply: MockReply;
  pieces: readonly string[];
  ttftMs: number;
  chunkDelayMs: number;
  signal: CallSignal;
}

function chunk(plan: MockStreamPlan, choices: unknown[], extra: Record<string, unknown> = {}): string {
  const chat = plan.operation === 'chat';
  return JSON.stringify({
    id: chat ? `chatcmpl-${plan.reply.id}` : `cmpl-${plan.reply.id}`,
    object: chat ? 'chat.completion.chunk' : 'text_completion',
    created: plan.reply.created,
    model: plan.reply.model,
    choices,
    ...extra,
  });
}

function contentChoice(plan: MockStreamPlan, piece: string, first: boolean): unknown {
  if (plan.operation === 'completions') return { index: 0, text: piece, logprobs: null, finish_reason: null };
  const delta = first ? { role: 'assistant', content: piece } : { content: piece };
  return { index: 0, delta, logprobs: null, finish_reason: null };
}

function finishChoice(plan: MockStreamPlan): unknown {
  return plan.operation === 'chat'
    ? { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }
    : { index: 0, text: '', logprobs: null, finish_reason: 'stop' };
}

/**
 * The mock reply as OpenAI streams it: content chunks (the first after `ttftMs`, then one every
 * `chunkDelayMs`), a finish chunk, and the `include_usage` chunk. Stops at once when the client aborts.
 */
export async function* mockStream(plan: MockStreamPlan): AsyncGenerator<StreamEvent> {
  await abortableSleep(plan.ttftMs, plan.signal);
  for (const [index, piece] of plan.pieces.entries()) {
    if (index > 0) await abortableSleep(plan.chunkDelayMs, plan.signal);
    throwIfAborted(plan.signal);
    yield { data: chunk(plan, [contentChoice(plan, piece, index === 0)]), text: piece };
  }
  throwIfAborted(plan.signal);
  yield { data: chunk(plan, [finishChoice(plan)]), finished: true };
  yield { data: chunk(plan, [], { usage: chatUsageWire(plan.reply.usage) }), usage: plan.reply.usage };
}
