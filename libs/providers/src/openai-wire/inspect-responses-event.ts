import type { SseEvent } from '../http/read-sse-events.ts';
import { isRecord } from '../is-record.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import type { ChunkFacts, InspectOptions } from './inspect-chat-chunk.ts';
import { mapOpenAIError } from './map-openai-error.ts';
import { openaiResponsesEventSchema } from './openai-api.ts';

/** Events that end a Responses stream; `response.completed` and friends carry the usage. */
const TERMINAL_TYPES = new Set(['response.completed', 'response.incomplete', 'response.failed']);
/** Events whose `delta` is billable output text. */
const TEXT_DELTA_TYPES = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.reasoning_text.delta',
  'response.reasoning_summary_text.delta',
  'response.function_call_arguments.delta',
]);
const LEADING_TYPE = /^\{\s*"type"\s*:\s*"([^"]+)"/;

export function isTerminalResponsesEvent(type: string | undefined): boolean {
  return type !== undefined && TERMINAL_TYPES.has(type);
}

/** The event type without parsing: the SSE event name, else the leading `type` field OpenAI writes first. */
export function responsesEventType(event: SseEvent): string | undefined {
  return event.event ?? LEADING_TYPE.exec(event.data)?.[1];
}

/** What the gateway needs from one Responses API stream event; only a few event types are parsed. */
export function inspectResponsesEvent(event: SseEvent, options: InspectOptions): ChunkFacts {
  const type = responsesEventType(event);
  const interesting = type === undefined || type === 'error' || TERMINAL_TYPES.has(type) || TEXT_DELTA_TYPES.has(type);
  if (!interesting) return {};

  const raw: unknown = JSON.parse(event.data);
  if (!isRecord(raw)) return {};
  // Text deltas are the per-token hot path: a guard, not a schema.
  if (typeof raw.type === 'string' && TEXT_DELTA_TYPES.has(raw.type)) {
    return typeof raw.delta === 'string' && raw.delta !== '' ? { text: raw.delta } : {};
  }
  const parsed = openaiResponsesEventSchema.safeParse(raw);
  if (!parsed.success) return {};
  const payload = parsed.data;
  if (payload.type === 'error') {
    // OpenAI documents code/message at the top level; recorded streams also nest them under `error`.
    const error = payload.error ?? { code: payload.code, message: payload.message, param: payload.param };
    throw mapOpenAIError({ body: { error }, secrets: options.secrets });
  }
  if (TERMINAL_TYPES.has(payload.type)) {
    const usage = convertOpenAIUsage(payload.response?.usage, options.usage);
    return usage ? { finished: true, usage } : { finished: true };
  }
  return {};
}
