import type { SpendLogRecord } from '@switchboard/db';
import { toWire } from './to-wire.ts';

/**
 * A spend row as LiteLLM's clients read it (its `LiteLLM_SpendLogs` columns) next to Switchboard's own names, which
 * the dashboard reads: `api_key` is the key's hash, `response_id` the `id` the client got (what `?request_id=` also
 * finds), `request_id` the gateway's own id.
 *
 * LiteLLM's names: `startTime`, `endTime` and `completionStartTime` (the first token's time; the end for an answer
 * that was not streamed, as LiteLLM logs it), `user`, `model_id` (the deployment), `custom_llm_provider`,
 * `cache_key`, and `cache_hit` as LiteLLM stores it, the text "True" or "False" (a script comparing it with "True"
 * would never count a hit given a JSON boolean), `request_tags` (kept in the row's metadata; rows written before
 * Switchboard kept them show none), and `proxy_server_request` and `response` (the bodies, with
 * store_prompts_in_spend_logs). Columns Switchboard does not keep (the client's IP address, the
 * upstream's base URL, session ids) are left out rather than sent empty: an empty value would say something that is
 * not known.
 */
export function spendLogView(row: SpendLogRecord): Record<string, unknown> {
  const wire = toWire(row, { keyHash: 'api_key' }, ['requestBody', 'responseBody']);
  // toWire wrote the times as ISO text already (start_time, end_time).
  const firstToken = row.timeToFirstTokenMs === null ? wire.end_time : new Date(row.startTime.getTime() + row.timeToFirstTokenMs).toISOString();
  const metadata = row.metadata as Record<string, unknown> | null;
  const cacheKey = metadata?.cache_key;
  const tags = metadata?.request_tags;
  return {
    ...wire,
    cache_hit: row.cacheHit ? 'True' : 'False',
    startTime: wire.start_time,
    endTime: wire.end_time,
    completionStartTime: firstToken,
    user: row.userId ?? '',
    model_id: row.deploymentId,
    custom_llm_provider: row.provider,
    cache_key: typeof cacheKey === 'string' ? cacheKey : null,
    request_tags: Array.isArray(tags) ? tags : [],
    // LiteLLM's columns for the request and the answer, kept with store_prompts_in_spend_logs only; `{}` otherwise, as
    // LiteLLM writes them. Its `messages` holds a realtime session's messages, a call Switchboard does not serve.
    proxy_server_request: row.requestBody ?? {},
    response: row.responseBody ?? {},
    messages: {},
  };
}
