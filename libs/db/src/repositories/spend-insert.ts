import { sql } from 'drizzle-orm';
import type { Transaction } from '../database.ts';
import type { SpendStatus } from '../schema/index.ts';

/** A validated spend row as the insert sends it (dates as ISO text, money as decimal text). */
export interface SpendRowValues {
  requestId: string;
  responseId?: string | null;
  parentRequestId?: string | null;
  startTime: Date;
  endTime: Date;
  timeToFirstTokenMs?: number | null;
  keyHash?: string | null;
  userId?: string | null;
  teamId?: string | null;
  organizationId?: string | null;
  endUser?: string | null;
  model: string;
  modelGroup?: string | null;
  provider?: string | null;
  deploymentId?: string | null;
  callType?: string | null;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  spend: string;
  status: SpendStatus;
  cacheHit: boolean;
  metadata: Record<string, unknown>;
  requestBody?: unknown;
  responseBody?: unknown;
}

/**
 * `INSERT … SELECT FROM jsonb_to_recordset($1) ON CONFLICT DO NOTHING RETURNING`: the whole batch travels as
 * ONE bound JSON parameter. Building a 500-row multi-VALUES statement (13,000 parameters) cost the gateway
 * more CPU per request than the rest of accounting; here PostgreSQL does the unpacking. Returns the rows
 * really inserted, as sent (a retried batch returns none of its earlier rows): only their ids come back
 * (parsing timestamps and numerics back from every returned row showed in the profile).
 */
export async function insertSpendRows(tx: Transaction, rows: readonly SpendRowValues[]): Promise<SpendRowValues[]> {
  const payload = JSON.stringify(
    rows.map((row) => ({
      request_id: row.requestId,
      response_id: row.responseId ?? null,
      parent_request_id: row.parentRequestId ?? null,
      start_time: row.startTime.toISOString(),
      end_time: row.endTime.toISOString(),
      time_to_first_token_ms: row.timeToFirstTokenMs ?? null,
      key_hash: row.keyHash ?? null,
      user_id: row.userId ?? null,
      team_id: row.teamId ?? null,
      organization_id: row.organizationId ?? null,
      end_user: row.endUser ?? null,
      model: row.model,
      model_group: row.modelGroup ?? null,
      provider: row.provider ?? null,
      deployment_id: row.deploymentId ?? null,
      call_type: row.callType ?? null,
      prompt_tokens: row.promptTokens,
      completion_tokens: row.completionTokens,
      total_tokens: row.totalTokens,
      spend: row.spend,
      status: row.status,
      cache_hit: row.cacheHit,
      metadata: row.metadata,
      request_body: row.requestBody ?? null,
      response_body: row.responseBody ?? null,
    })),
  );
  const result = (await tx.execute(sql`
    insert into spend_logs (request_id, response_id, parent_request_id, start_time, end_time, time_to_first_token_ms, key_hash, user_id, team_id, organization_id, end_user,
      model, model_group, provider, deployment_id, call_type, prompt_tokens, completion_tokens, total_tokens, spend, status, cache_hit,
      metadata, request_body, response_body)
    select r.request_id, r.response_id, r.parent_request_id, r.start_time, r.end_time, r.time_to_first_token_ms, r.key_hash, r.user_id, r.team_id, r.organization_id, r.end_user,
      r.model, r.model_group, r.provider, r.deployment_id, r.call_type, r.prompt_tokens, r.completion_tokens, r.total_tokens, r.spend, r.status,
      r.cache_hit, coalesce(r.metadata, '{}'::jsonb), r.request_body, r.response_body
    from jsonb_to_recordset(${payload}::jsonb) as r(request_id uuid, response_id text, parent_request_id uuid, start_time timestamptz, end_time timestamptz, time_to_first_token_ms integer,
      key_hash text, user_id text, team_id text, organization_id text, end_user text, model text, model_group text, provider text,
      deployment_id text, call_type text, prompt_tokens integer, completion_tokens integer, total_tokens integer, spend numeric, status text,
      cache_hit boolean, metadata jsonb, request_body jsonb, response_body jsonb)
    on conflict do nothing
    returning request_id::text as request_id`)) as unknown as { rows: { request_id: string }[] };
  // A request id twice in one batch: the first row is the one inserted (rows go in in order).
  const sent = new Map<string, SpendRowValues>();
  for (const row of rows) if (!sent.has(row.requestId)) sent.set(row.requestId, row);
  const inserted: SpendRowValues[] = [];
  for (const { request_id: requestId } of result.rows) {
    const row = sent.get(requestId);
    if (!row) throw new Error(`the database reported inserting spend row ${requestId}, which was not in the batch`);
    inserted.push(row);
  }
  return inserted;
}
