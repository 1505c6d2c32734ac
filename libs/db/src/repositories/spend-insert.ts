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
 * more CPU per request than the rest of accounting; here PostgreSQL does the unpacking. The JSON is the rows
 * as the journal holds them (camelCase; dates as ISO text, money as decimal text; a default left out is filled
 * here): `texts`, when given, are each row's journal line, so the rows are not serialized a second time.
 * Returns the rows really inserted, as sent (a retried batch returns none of its earlier rows): only their ids
 * come back (parsing timestamps and numerics back from every returned row showed in the profile).
 */
export async function insertSpendRows(tx: Transaction, rows: readonly SpendRowValues[], texts?: readonly string[]): Promise<SpendRowValues[]> {
  if (texts && texts.length !== rows.length) throw new Error(`${texts.length} journal lines for ${rows.length} spend rows`);
  const payload = texts ? `[${texts.join(',')}]` : JSON.stringify(rows);
  const result = (await tx.execute(sql`
    insert into spend_logs (request_id, response_id, parent_request_id, start_time, end_time, time_to_first_token_ms, key_hash, user_id, team_id, organization_id, end_user,
      model, model_group, provider, deployment_id, call_type, prompt_tokens, completion_tokens, total_tokens, spend, status, cache_hit,
      metadata, request_body, response_body)
    select r."requestId", r."responseId", r."parentRequestId", r."startTime", r."endTime", r."timeToFirstTokenMs", r."keyHash", r."userId", r."teamId", r."organizationId", r."endUser",
      r.model, r."modelGroup", r.provider, r."deploymentId", r."callType", coalesce(r."promptTokens", 0), coalesce(r."completionTokens", 0), coalesce(r."totalTokens", 0), r.spend, r.status,
      coalesce(r."cacheHit", false), coalesce(r.metadata, '{}'::jsonb), r."requestBody", r."responseBody"
    from jsonb_to_recordset(${payload}::jsonb) as r("requestId" uuid, "responseId" text, "parentRequestId" uuid, "startTime" timestamptz, "endTime" timestamptz, "timeToFirstTokenMs" integer,
      "keyHash" text, "userId" text, "teamId" text, "organizationId" text, "endUser" text, model text, "modelGroup" text, provider text,
      "deploymentId" text, "callType" text, "promptTokens" integer, "completionTokens" integer, "totalTokens" integer, spend numeric, status text,
      "cacheHit" boolean, metadata jsonb, "requestBody" jsonb, "responseBody" jsonb)
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
