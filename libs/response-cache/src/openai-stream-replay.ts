import type { Usage } from '@switchboard/providers';
import type { SseFrame } from './sse-frames.ts';

type Body = Record<string, unknown>;
type Choice = Record<string, unknown> & { index?: number };

interface ChoiceSlot {
  text: string;
  role?: string;
  refusal?: string;
  finish?: string;
  tools: Map<number, { id?: string; type?: string; name: string; arguments: string }>;
}

const usageBody = (usage: Usage) => ({ prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens });

/**
 * A cached chat completion (or text completion) as OpenAI streams one: per choice a first chunk with the role
 * and the content, one chunk per tool call with its whole arguments, a last chunk with the finish reason; then
 * the usage chunk when the client asked for it (`stream_options.include_usage`), then `[DONE]`.
 */
export function replayOpenAiStream(body: Body, usage: Usage | undefined, includeUsage: boolean): SseFrame[] {
  const text = body.object === 'text_completion';
  const head = { id: body.id, object: text ? 'text_completion' : 'chat.completion.chunk', created: body.created, model: body.model, ...(body.system_fingerprint ? { system_fingerprint: body.system_fingerprint } : {}) };
  const chunk = (choices: unknown[]) => ({ data: JSON.stringify({ ...head, choices }) });
  const frames: SseFrame[] = [];
  for (const [position, choice] of ((body.choices as Choice[] | undefined) ?? []).entries()) {
    const index = typeof choice.index === 'number' ? choice.index : position;
    if (text) {
      frames.push(chunk([{ index, text: choice.text ?? '', logprobs: null, finish_reason: null }]));
    } else {
      const message = (choice.message ?? {}) as Record<string, unknown>;
      const first: Record<string, unknown> = { role: message.role ?? 'assistant', content: message.content ?? '' };
      if (message.refusal) first.refusal = message.refusal;
      if (message.reasoning_content) first.reasoning_content = message.reasoning_content;
      frames.push(chunk([{ index, delta: first, logprobs: null, finish_reason: null }]));
      for (const [callIndex, call] of ((message.tool_calls as Record<string, unknown>[] | undefined) ?? []).entries()) {
        frames.push(chunk([{ index, delta: { tool_calls: [{ index: callIndex, ...call }] }, logprobs: null, finish_reason: null }]));
      }
    }
    frames.push(chunk([{ index, ...(text ? { text: '' } : { delta: {} }), logprobs: null, finish_reason: choice.finish_reason ?? 'stop' }]));
  }
  if (includeUsage && usage) frames.push({ data: JSON.stringify({ ...head, choices: [], usage: usageBody(usage) }) });
  frames.push({ data: '[DONE]' });
  return frames;
}

/**
 * A streamed chat completion (or text completion) put back together as the answer a plain request gets:
 * content and tool-call arguments concatenated per choice, the last finish reason, the usage we accounted.
 */
export function assembleOpenAiStream(frames: readonly SseFrame[], usage: Usage | undefined): Body | undefined {
  let head: Body | undefined;
  const choices = new Map<number, ChoiceSlot>();
  for (const frame of frames) {
    if (frame.data === '[DONE]') continue;
    let chunk: Body;
    try {
      chunk = JSON.parse(frame.data) as Body;
    } catch {
      return undefined;
    }
    if (chunk.error) return undefined;
    head ??= chunk;
    for (const choice of (chunk.choices as Choice[] | undefined) ?? []) {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const slot: ChoiceSlot = choices.get(index) ?? { text: '', tools: new Map() };
      choices.set(index, slot);
      if (typeof choice.text === 'string') slot.text += choice.text;
      const delta = (choice.delta ?? {}) as Record<string, unknown>;
      if (typeof delta.role === 'string') slot.role = delta.role;
      if (typeof delta.content === 'string') slot.text += delta.content;
      if (typeof delta.refusal === 'string') slot.refusal = (slot.refusal ?? '') + delta.refusal;
      for (const call of (delta.tool_calls as Record<string, unknown>[] | undefined) ?? []) {
        const callIndex = typeof call.index === 'number' ? call.index : 0;
        const tool = slot.tools.get(callIndex) ?? { name: '', arguments: '' };
        slot.tools.set(callIndex, tool);
        if (typeof call.id === 'string') tool.id = call.id;
        if (typeof call.type === 'string') tool.type = call.type;
        const fn = (call.function ?? {}) as Record<string, unknown>;
        if (typeof fn.name === 'string') tool.name += fn.name;
        if (typeof fn.arguments === 'string') tool.arguments += fn.arguments;
      }
      if (typeof choice.finish_reason === 'string') slot.finish = choice.finish_reason;
    }
  }
  if (!head) return undefined;
  const text = head.object === 'text_completion';
  const assembled = [...choices.entries()].sort(([a], [b]) => a - b).map(([index, slot]) => {
    if (text) return { index, text: slot.text, logprobs: null, finish_reason: slot.finish ?? null };
    const tools = [...slot.tools.entries()].sort(([a], [b]) => a - b).map(([, tool]) => ({ id: tool.id ?? '', type: tool.type ?? 'function', function: { name: tool.name, arguments: tool.arguments } }));
    return { index, message: { role: slot.role ?? 'assistant', content: slot.text === '' && tools.length > 0 ? null : slot.text, ...(slot.refusal ? { refusal: slot.refusal } : {}), ...(tools.length > 0 ? { tool_calls: tools } : {}) }, logprobs: null, finish_reason: slot.finish ?? null };
  });
  return {
    id: head.id,
    object: text ? 'text_completion' : 'chat.completion',
    created: head.created,
    model: head.model,
    ...(head.system_fingerprint ? { system_fingerprint: head.system_fingerprint } : {}),
    choices: assembled,
    ...(usage ? { usage: usageBody(usage) } : {}),
  };
}
