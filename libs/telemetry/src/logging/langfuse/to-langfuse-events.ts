import { randomUUID } from 'node:crypto';
import { isFailure, type LoggedCall } from '../logged-call.ts';

/** One event of Langfuse's ingestion batch: the envelope's `id` deduplicates, the body's `id` names the trace or observation. */
export interface LangfuseEvent {
  id: string;
  timestamp: string;
  type: 'trace-create' | 'generation-create';
  body: Record<string, unknown>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Who made the call and how it was routed: Langfuse shows it as the trace's and generation's metadata. */
function metadataOf(call: LoggedCall): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ['request_id', call.requestId],
    ['trace_id', call.traceId],
    ['response_id', call.responseId],
    ['route', call.route],
    ['status_code', call.status],
    ['model_group', call.modelGroup],
    ['deployment_id', call.deploymentId],
    ['provider', call.provider],
    ['attempts', call.attempts],
    ['cache_hit', call.cacheHit],
    ['user_api_key_hash', call.keyHash],
    ['user_api_key_alias', call.keyAlias],
    ['user_api_key_team_id', call.teamId],
    ['user_api_key_team_alias', call.teamAlias],
    ['user_api_key_user_id', call.userId],
    ['user_api_key_org_id', call.organizationId],
    ['error_type', call.errorType],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

/**
 * A call as a Langfuse trace with one generation (model, usage, cost, latency, time to first token).
 * Client metadata keys LiteLLM forwards to Langfuse (`session_id`, `trace_name`, `generation_name`,
 * `tags`) are honoured here too.
 */
export function toLangfuseEvents(call: LoggedCall, now = Date.now()): LangfuseEvent[] {
  const client = call.metadata ?? {};
  const tags = [...(call.tags ?? []), ...(Array.isArray(client.tags) ? client.tags.filter((tag): tag is string => typeof tag === 'string') : [])];
  const metadata = metadataOf(call);
  const timestamp = iso(now);
  const traceBody: Record<string, unknown> = {
    id: call.requestId,
    timestamp: iso(call.startTime),
    name: textOf(client.trace_name) ?? call.route,
    metadata,
    ...(call.endUser ?? call.userId ? { userId: call.endUser ?? call.userId } : {}),
    ...(textOf(client.session_id) ? { sessionId: client.session_id } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(call.messages !== undefined ? { input: call.messages } : {}),
    ...(call.responseText !== undefined ? { output: call.responseText } : {}),
  };
  const usage = call.usage;
  const generationBody: Record<string, unknown> = {
    id: `${call.requestId}-generation`,
    traceId: call.requestId,
    name: textOf(client.generation_name) ?? call.route,
    startTime: iso(call.startTime),
    endTime: iso(call.endTime),
    ...(call.firstByteTime !== undefined ? { completionStartTime: iso(call.firstByteTime) } : {}),
    model: call.upstreamModel ?? call.requestedModel ?? 'unknown',
    ...(call.modelParameters ? { modelParameters: call.modelParameters } : {}),
    ...(usage
      ? {
          usageDetails: {
            input: usage.promptTokens,
            output: usage.completionTokens,
            total: usage.totalTokens,
            ...(usage.cachedPromptTokens ? { cache_read_input_tokens: usage.cachedPromptTokens } : {}),
            ...(usage.cacheCreationTokens ? { cache_creation_input_tokens: usage.cacheCreationTokens } : {}),
          },
        }
      : {}),
    // Our cost, so Langfuse does not infer a different one from its own price table.
    costDetails: { total: Number(call.cost) },
    metadata,
    level: isFailure(call) ? 'ERROR' : 'DEFAULT',
    ...(isFailure(call) ? { statusMessage: call.errorMessage ?? call.errorType ?? `HTTP ${call.status}` } : {}),
    ...(call.messages !== undefined ? { input: call.messages } : {}),
    ...(call.responseText !== undefined ? { output: { role: 'assistant', content: call.responseText } } : {}),
  };
  return [
    { id: randomUUID(), timestamp, type: 'trace-create', body: traceBody },
    { id: randomUUID(), timestamp, type: 'generation-create', body: generationBody },
  ];
}
