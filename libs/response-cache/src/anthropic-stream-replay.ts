import type { SseFrame } from './sse-frames.ts';

type Body = Record<string, unknown>;
type Block = Record<string, unknown> & { type?: string };

const frame = (data: Record<string, unknown> & { type: string }): SseFrame => ({ event: data.type, data: JSON.stringify(data) });

/**
 * A cached Anthropic message as Anthropic streams one: `message_start` (no content, the input usage), per
 * block its start, one delta with the whole text (or the tool input as one JSON delta) and its stop, then
 * `message_delta` with the stop reason and output usage, then `message_stop`.
 */
export function replayAnthropicStream(message: Body): SseFrame[] {
  const usage = (message.usage ?? {}) as Record<string, unknown>;
  const frames: SseFrame[] = [frame({ type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 0 } } })];
  for (const [index, block] of ((message.content as Block[] | undefined) ?? []).entries()) {
    if (block.type === 'text') {
      frames.push(frame({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text ?? '' } }));
    } else if (block.type === 'thinking') {
      frames.push(frame({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } }));
      frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking ?? '' } }));
      if (block.signature) frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } }));
    } else if (block.type === 'tool_use') {
      frames.push(frame({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
      frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) } }));
    } else {
      frames.push(frame({ type: 'content_block_start', index, content_block: block }));
    }
    frames.push(frame({ type: 'content_block_stop', index }));
  }
  frames.push(frame({ type: 'message_delta', delta: { stop_reason: message.stop_reason ?? 'end_turn', stop_sequence: message.stop_sequence ?? null }, usage }));
  frames.push(frame({ type: 'message_stop' }));
  return frames;
}

/** A streamed Anthropic message put back together: the start's message, every block completed, the final stop reason and usage. */
export function assembleAnthropicStream(frames: readonly SseFrame[]): Body | undefined {
  let message: Body | undefined;
  const blocks: Block[] = [];
  const json = new Map<number, string>();
  let stopped = false;
  for (const { data } of frames) {
    let event: Body;
    try {
      event = JSON.parse(data) as Body;
    } catch {
      return undefined;
    }
    const index = typeof event.index === 'number' ? event.index : 0;
    switch (event.type) {
      case 'message_start':
        message = { ...(event.message as Body) };
        break;
      case 'content_block_start':
        blocks[index] = { ...(event.content_block as Block) };
        break;
      case 'content_block_delta': {
        const block = blocks[index];
        const delta = (event.delta ?? {}) as Record<string, unknown>;
        if (!block) return undefined;
        if (delta.type === 'text_delta') block.text = `${(block.text as string | undefined) ?? ''}${String(delta.text ?? '')}`;
        else if (delta.type === 'thinking_delta') block.thinking = `${(block.thinking as string | undefined) ?? ''}${String(delta.thinking ?? '')}`;
        else if (delta.type === 'signature_delta') block.signature = String(delta.signature ?? '');
        else if (delta.type === 'input_json_delta') json.set(index, (json.get(index) ?? '') + String(delta.partial_json ?? ''));
        break;
      }
      case 'message_delta':
        if (!message) return undefined;
        Object.assign(message, event.delta as Body);
        message.usage = { ...((message.usage as Body | undefined) ?? {}), ...((event.usage as Body | undefined) ?? {}) };
        break;
      case 'message_stop':
        stopped = true;
        break;
      case 'error':
        return undefined;
    }
  }
  if (!message || !stopped) return undefined;
  for (const [index, text] of json) {
    const block = blocks[index];
    if (!block) continue;
    try {
      block.input = JSON.parse(text || '{}');
    } catch {
      return undefined;
    }
  }
  return { ...message, content: blocks.filter(Boolean) };
}
