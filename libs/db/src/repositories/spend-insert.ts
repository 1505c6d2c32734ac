import { sql } from 'drizzle-orm';
import type { Transaction } from '../database.ts';
import type { SpendStatus } from '../schema/index.ts';
import { TEAM_MEMBER_SEPARATOR, type SpendGroup } from './spend-totals.ts';
import { TYPED_NULL } from './spend-typed-line.ts';

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

/** What one insert did: the request ids of the rows it stored (not those already there), and their sums. */
export interface InsertedSpend {
  sent: number;
  ids: string[];
  groups: SpendGroup[];
}

/**
 * Inserts spend rows given as journal lines (one per line, as the spend journal holds them): typed lines (see
 * SPEND_LINE_FIELDS), JSON lines (each a row as JSON.stringify writes it: camelCase, dates as ISO text, money as
 * decimal text), or both mixed, with `ON CONFLICT DO NOTHING`, in one statement. PostgreSQL splits the batch into
 * lines (`string_to_table`, PostgreSQL 14 and later) and the typed lines into fields (`string_to_array`) and casts
 * them, turns the JSON lines into one JSON array and unpacks it (`jsonb_to_recordset`; a default left out is filled
 * here), and sums the rows it really inserted per entity, UTC day of the start and model (`SpendGroup`), so the
 * counters and daily totals are made from a few sums.
 *
 * Why here and not in the gateway: the gateway used to get every inserted row back, keep every row object until
 * then, and sum them itself; that per-row work and the objects it kept alive across the round trip were a
 * fifth of a request's CPU with spend on. Neither kind of line holds a raw newline, so a newline only ever
 * separates rows.
 *
 * PostgreSQL's CPU per inserted row is the larger cost of spend, and on a shared host it is taken from the gateway:
 * the gateway journals typed lines (about 14 µs of PostgreSQL's CPU per row against 21 as JSON, measured alone with
 * 2,000-row batches); a batch of them only is sent as it is (a Buffer travels as a binary parameter: no decode, no
 * encode); the JSON lines go as one JSON array made here (jsonArrayOfLines: a byte copy), not joined in SQL
 * (`replace` over the whole batch was about a quarter of the statement's time), and the rows are summed once per
 * combination of who, day and model before that sum is spread over the seven counters, not seven times per row.
 * The batch is split by `string_to_table`, not `unnest(string_to_array(...))`: the array form is an immutable call on
 * a parameter, which the planner folds into a constant of every line (10-13 ms of planning per 2,600-row batch) and
 * the executor then unnests; the statement read 27 µs of PostgreSQL's CPU per row against 31 with it (README, #19's
 * twenty-fifth session).
 */
export async function insertSpendLines(tx: Transaction, lines: string | Buffer): Promise<InsertedSpend> {
  const { typed, json } = linesByKind(lines);
  const result = (await tx.execute(sql`
    with r as (
      select ${TYPED_COLUMNS}
      from string_to_table(${typed}::text, E'\\n') as line, string_to_array(line, E'\\t', ${TYPED_NULL}::text) as f
      where line <> ''
      union all
      select * from jsonb_to_recordset(${json}::text::jsonb) as r(${JSON_COLUMNS})
    ), ins as (
      insert into spend_logs (request_id, response_id, parent_request_id, start_time, end_time, time_to_first_token_ms, key_hash, user_id, team_id, organization_id, end_user,
        model, model_group, provider, deployment_id, call_type, prompt_tokens, completion_tokens, total_tokens, spend, status, cache_hit,
        metadata, request_body, response_body)
      select r."requestId", r."responseId", r."parentRequestId", r."startTime", r."endTime", r."timeToFirstTokenMs", r."keyHash", r."userId", r."teamId", r."organizationId", r."endUser",
        r.model, r."modelGroup", r.provider, r."deploymentId", r."callType", coalesce(r."promptTokens", 0), coalesce(r."completionTokens", 0), coalesce(r."totalTokens", 0), r.spend, r.status,
        coalesce(r."cacheHit", false), coalesce(r.metadata, '{}'::jsonb), r."requestBody", r."responseBody"
      from r
      on conflict do nothing
      returning request_id, start_time, end_time, organization_id, team_id, user_id, key_hash, end_user, coalesce(model_group, model) as model,
        spend, prompt_tokens, completion_tokens, total_tokens, status, cache_hit
    ), sums as (
      -- One sum per combination of who, day and model (a batch usually holds a handful), spread over the counters below.
      select i.organization_id, i.team_id, i.user_id, i.key_hash, i.end_user, to_char(i.start_time at time zone 'UTC', 'YYYY-MM-DD') as day, i.model,
        sum(i.spend) as spend, sum(i.prompt_tokens) as prompt_tokens, sum(i.completion_tokens) as completion_tokens, sum(i.total_tokens) as total_tokens,
        count(*) as requests, count(*) filter (where i.status = 'success') as successes, count(*) filter (where i.cache_hit) as cache_hits, max(i.end_time) as last_end
      from ins i
      group by i.organization_id, i.team_id, i.user_id, i.key_hash, i.end_user, day, i.model
    ), groups as (
      -- A team member's counter id is team and user joined by TEAM_MEMBER_SEPARATOR; null unless both are set.
      select e.entity, e.id, s.day, s.model,
        trim_scale(sum(s.spend))::text as spend, sum(s.prompt_tokens) as "promptTokens", sum(s.completion_tokens) as "completionTokens",
        sum(s.total_tokens) as "totalTokens", sum(s.requests) as requests, sum(s.successes) as successes,
        sum(s.cache_hits) as "cacheHits", to_char(max(s.last_end) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "lastActiveAt"
      from sums s cross join lateral (values ('global', ''), ('organization', s.organization_id), ('team', s.team_id), ('team_member', s.team_id || ${TEAM_MEMBER_SEPARATOR}::text || s.user_id),
        ('user', s.user_id), ('key', s.key_hash), ('customer', s.end_user)) as e(entity, id)
      where e.id is not null
      group by e.entity, e.id, s.day, s.model
    )
    select (select count(*) from r)::int as sent,
      (select coalesce(json_agg(request_id), '[]'::json) from ins)::text as ids,
      (select coalesce(json_agg(g), '[]'::json) from groups g)::text as groups`)) as unknown as { rows: { sent: number; ids: string; groups: string }[] };
  const [row] = result.rows;
  if (!row) throw new Error('the spend insert returned no summary row');
  return { sent: Number(row.sent), ids: JSON.parse(row.ids) as string[], groups: JSON.parse(row.groups) as SpendGroup[] };
}

const NEWLINE = 0x0a;

/**
 * The journal's lines as the UTF-8 text of one JSON array: `[`, each newline between lines a comma, newlines at the
 * end dropped, `]`. A copy of the bytes (the caller's stay as they are: a failed batch is split again by line).
 */
export function jsonArrayOfLines(lines: string | Buffer): Buffer {
  const bytes = typeof lines === 'string' ? Buffer.from(lines, 'utf8') : lines;
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === NEWLINE) end--;
  const array = Buffer.allocUnsafe(end + 2);
  array[0] = 0x5b;
  bytes.copy(array, 1, 0, end);
  for (let at = array.indexOf(NEWLINE, 1); at !== -1; at = array.indexOf(NEWLINE, at + 1)) array[at] = 0x2c;
  array[end + 1] = 0x5d;
  return array;
}

/**
 * Each typed line's fields (`f`), cast and named as jsonb_to_recordset names the JSON lines' columns, and those
 * columns: SPEND_LINE_FIELDS in order (the `union all` pairs them by position). Written out (SQL text is never built
 * from strings); spend-insert.test.ts holds both to SPEND_LINE_FIELDS.
 */
export const TYPED_COLUMNS = sql.raw('f[1]::uuid as "requestId", f[2]::text as "responseId", f[3]::uuid as "parentRequestId", f[4]::timestamptz as "startTime", f[5]::timestamptz as "endTime", f[6]::integer as "timeToFirstTokenMs", f[7]::text as "keyHash", f[8]::text as "userId", f[9]::text as "teamId", f[10]::text as "organizationId", f[11]::text as "endUser", f[12]::text as "model", f[13]::text as "modelGroup", f[14]::text as "provider", f[15]::text as "deploymentId", f[16]::text as "callType", f[17]::integer as "promptTokens", f[18]::integer as "completionTokens", f[19]::integer as "totalTokens", f[20]::numeric as "spend", f[21]::text as "status", f[22]::boolean as "cacheHit", f[23]::jsonb as "metadata", f[24]::jsonb as "requestBody", f[25]::jsonb as "responseBody"');
export const JSON_COLUMNS = sql.raw('"requestId" uuid, "responseId" text, "parentRequestId" uuid, "startTime" timestamptz, "endTime" timestamptz, "timeToFirstTokenMs" integer, "keyHash" text, "userId" text, "teamId" text, "organizationId" text, "endUser" text, "model" text, "modelGroup" text, "provider" text, "deploymentId" text, "callType" text, "promptTokens" integer, "completionTokens" integer, "totalTokens" integer, "spend" numeric, "status" text, "cacheHit" boolean, "metadata" jsonb, "requestBody" jsonb, "responseBody" jsonb');

const OPEN_BRACE = 0x7b;

/**
 * A batch's typed lines and its JSON lines (as one JSON array), for the two halves of the statement. A batch of
 * typed lines only, what the gateway journals, goes as it is: a JSON line starts a line with `{`, which a typed line
 * never does, so one search of the bytes tells.
 */
export function linesByKind(lines: string | Buffer): { typed: string | Buffer; json: Buffer | string } {
  const startsJson = typeof lines === 'string' ? lines.startsWith('{') : lines[0] === OPEN_BRACE;
  if (!startsJson && !lines.includes('\n{')) return { typed: lines, json: '[]' };
  const typed: string[] = [];
  const json: string[] = [];
  for (const line of String(lines).split('\n')) {
    if (line === '') continue;
    (line.charCodeAt(0) === OPEN_BRACE ? json : typed).push(line);
  }
  return { typed: typed.join('\n'), json: jsonArrayOfLines(json.join('\n')) };
}
