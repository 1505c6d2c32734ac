import { and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Database, Transaction } from '../database.ts';
import { SHA256_HEX_PATTERN } from '../hash-secret.ts';
import { decimalSchema, isDecimalAmount } from '../money.ts';
import { customers, dailySpend, keys, organizations, SPEND_STATUSES, teamMemberships, teams, users } from '../schema/index.ts';
import { insertSpendLines } from './spend-insert.ts';
import { journalLineOf } from './spend-typed-line.ts';
import { sumCounters, sumDailyTotals, TEAM_MEMBER_SEPARATOR, type CounterIncrement, type DailyIncrement } from './spend-totals.ts';

const optionalId = z.string().min(1).nullish();
/** A Date, or its ISO string as a journal line holds it. */
const timestamp = z.union([z.date(), z.string().datetime({ offset: true })]).pipe(z.coerce.date());

/**
 * One spend event as the gateway journals it (dates may be ISO strings, so a replayed journal line parses
 * as it is). Unauthenticated requests have no spend event at all.
 */
export const spendRowSchema = z.object({
  /** The gateway's UUIDv7 for the request: the idempotency key. */
  requestId: z.string().uuid(),
  /** The `id` in the response the client got (`chatcmpl-...`), searched by `/spend/logs?request_id=`. */
  responseId: optionalId,
  /** The request a sub-call was made for (its parent's requestId). */
  parentRequestId: z.string().uuid().nullish(),
  startTime: timestamp,
  endTime: timestamp,
  timeToFirstTokenMs: z.number().int().nonnegative().nullish(),
  keyHash: z
    .string()
    .regex(SHA256_HEX_PATTERN, 'keyHash must be the SHA-256 hex of the key, never the key')
    .nullish(),
  userId: optionalId,
  teamId: optionalId,
  organizationId: optionalId,
  endUser: optionalId,
  model: z.string().min(1),
  modelGroup: optionalId,
  provider: optionalId,
  deploymentId: optionalId,
  callType: optionalId,
  promptTokens: z.number().int().nonnegative().default(0),
  completionTokens: z.number().int().nonnegative().default(0),
  totalTokens: z.number().int().nonnegative().default(0),
  /** Decimal dollars, e.g. "0.0012345". */
  spend: decimalSchema,
  status: z.enum(SPEND_STATUSES),
  cacheHit: z.boolean().default(false),
  metadata: z.record(z.unknown()).default({}),
  requestBody: z.unknown().optional(),
  responseBody: z.unknown().optional(),
});
export type SpendRowInput = z.input<typeof spendRowSchema>;
/** A spend row that already passed `spendRowSchema` (dates parsed, defaults filled). */
export type ValidSpendRow = z.output<typeof spendRowSchema>;

// readSpendRow: the same reading as spendRowSchema for the rows the gateway itself writes, without zod
// (it ran for every journaled row and showed in the gateway's profile). It answers undefined whenever
// it is not sure; the caller then asks the schema. spend-row.test.ts holds the two to the same output.
/** A request id as readSpendRow takes it (the gateway's UUIDv7, lower case); spendLineFromCall checks with it too. */
export const SPEND_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OPTIONAL_IDS = ['responseId', 'userId', 'teamId', 'organizationId', 'endUser', 'modelGroup', 'provider', 'deploymentId', 'callType'] as const;
const TOKENS = ['promptTokens', 'completionTokens', 'totalTokens'] as const;
const KNOWN_FIELDS = new Set([
  'requestId',
  'parentRequestId',
  'startTime',
  'endTime',
  'timeToFirstTokenMs',
  'keyHash',
  ...OPTIONAL_IDS,
  'model',
  ...TOKENS,
  'spend',
  'status',
  'cacheHit',
  'metadata',
  'requestBody',
  'responseBody',
]);
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A valid Date as it is, or one from the ISO string Date#toJSON writes; undefined for anything else. */
function readTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value.length !== 24) return undefined;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value ? date : undefined;
}

export function readSpendRow(event: unknown): ValidSpendRow | undefined {
  if (!isPlainObject(event)) return undefined;
  for (const key in event) if (!KNOWN_FIELDS.has(key)) return undefined;
  const { requestId, model, spend, status, metadata } = event;
  const startTime = readTimestamp(event.startTime);
  const endTime = readTimestamp(event.endTime);
  if (typeof requestId !== 'string' || !SPEND_REQUEST_ID.test(requestId) || !startTime || !endTime) return undefined;
  if (typeof model !== 'string' || model.length === 0 || !isDecimalAmount(spend) || (status !== 'success' && status !== 'failure')) return undefined;
  const ttft = event.timeToFirstTokenMs;
  if (ttft !== undefined && ttft !== null && !isCount(ttft)) return undefined;
  const keyHash = event.keyHash;
  if (keyHash !== undefined && keyHash !== null && (typeof keyHash !== 'string' || !SHA256_HEX_PATTERN.test(keyHash))) return undefined;
  if (event.cacheHit !== undefined && typeof event.cacheHit !== 'boolean') return undefined;
  if (metadata !== undefined && (!isPlainObject(metadata) || Object.hasOwn(metadata, '__proto__'))) return undefined;
  const parent = event.parentRequestId;
  if (parent !== undefined && parent !== null && (typeof parent !== 'string' || !SPEND_REQUEST_ID.test(parent))) return undefined;
  for (const field of OPTIONAL_IDS) {
    const value = event[field];
    if (value !== undefined && value !== null && (typeof value !== 'string' || value.length === 0)) return undefined;
  }
  for (const field of TOKENS) if (event[field] !== undefined && !isCount(event[field])) return undefined;
  // A row as the gateway makes it (dates as Dates, every default present) is its own reading: no copy of it,
  // its dates and its metadata (the spend writer reads every row it journaled; the copies were a tenth of a
  // flush's allocations, and a flush's objects live across its database round trip).
  if (event.startTime instanceof Date && event.endTime instanceof Date && typeof event.cacheHit === 'boolean' && metadata !== undefined && TOKENS.every((field) => event[field] !== undefined)) {
    return event as ValidSpendRow;
  }
  // The copy has dates of its own: the caller's may change after this.
  const row: Record<string, unknown> = { requestId, startTime: new Date(startTime.getTime()), endTime: new Date(endTime.getTime()) };
  if ('parentRequestId' in event) row.parentRequestId = parent;
  if ('timeToFirstTokenMs' in event) row.timeToFirstTokenMs = ttft;
  if ('keyHash' in event) row.keyHash = keyHash;
  // Every field was checked above: the copy only fills the defaults.
  for (const field of OPTIONAL_IDS) if (field in event) row[field] = event[field];
  row.model = model;
  for (const field of TOKENS) row[field] = event[field] ?? 0;
  row.spend = spend;
  row.status = status;
  row.cacheHit = event.cacheHit ?? false;
  row.metadata = metadata === undefined ? {} : { ...metadata };
  if ('requestBody' in event) row.requestBody = event.requestBody;
  if ('responseBody' in event) row.responseBody = event.responseBody;
  return row as ValidSpendRow;
}

export interface SpendBatchResult {
  /** Request ids whose rows this call inserted; the others were already stored (a retried batch). */
  inserted: string[];
  duplicates: number;
}

/**
 * Writes a batch of spend rows idempotently: `INSERT ... ON CONFLICT DO NOTHING`, then, in the same transaction
 * and only from the rows really inserted, adds to the spend counters of organization, team, team member, user,
 * key and end user (locked in that fixed order, then by id) and upserts the daily totals. A retried batch
 * therefore changes nothing twice.
 */
export async function insertSpendBatch(db: Database, input: readonly SpendRowInput[]): Promise<SpendBatchResult> {
  return insertValidSpendBatch(db, input.map((row) => spendRowSchema.parse(row)));
}

/** `insertSpendBatch` for rows the caller has already validated (the spend writer does, to quarantine bad ones). */
export async function insertValidSpendBatch(db: Database, rows: readonly ValidSpendRow[]): Promise<SpendBatchResult> {
  return insertSpendJournalLines(db, rows.map(journalLineOf).join('\n'));
}

/**
 * `insertSpendBatch` for rows given as journal lines, one valid row per line, as the spend journal wrote them: typed
 * lines (typedSpendLineOf) or JSON lines (readSpendRow(row) === row for each), mixed as they come (see
 * insertSpendLines). The spend writer sends its own lines as they are, never parsing them, as the UTF-8 bytes it
 * wrote (a Buffer travels as a binary parameter: no decode, no encode).
 */
export async function insertSpendJournalLines(db: Database, lines: string | Buffer): Promise<SpendBatchResult> {
  if (typeof lines === 'string' ? lines.trim() === '' : lines.length === 0) return { inserted: [], duplicates: 0 };
  return db.transaction(async (tx) => {
    const { sent, ids, groups } = await insertSpendLines(tx, lines);
    for (const increment of sumCounters(groups)) await addToCounters(tx, increment);
    await upsertDailyTotals(tx, sumDailyTotals(groups));
    return { inserted: ids, duplicates: sent - ids.length };
  });
}

/** Keeps each daily-totals upsert well under PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_STATEMENT = 500;

/** `model_spend` plus `additions`, summed per model as exact decimals (stored as JSON strings). */
function plusModelSpend(column: AnyPgColumn, additions: Record<string, string>) {
  return sql`(
    select coalesce(jsonb_object_agg(model, to_jsonb(trim_scale(total)::text)), '{}'::jsonb)
    from (
      select model, sum(amount) as total from (
        select key as model, (value #>> '{}')::numeric as amount from jsonb_each(${column})
        union all
        select key, (value #>> '{}')::numeric from jsonb_each(${JSON.stringify(additions)}::jsonb)
      ) as parts group by model
    ) as totals
  )`;
}

const plusSpend = (column: AnyPgColumn, amount: string) => sql`${column} + ${amount}::numeric`;

async function addToCounters(tx: Transaction, { entity, id, spend, modelSpend, lastActiveAt }: CounterIncrement): Promise<void> {
  switch (entity) {
    case 'organization':
      await tx
        .update(organizations)
        .set({ spend: plusSpend(organizations.spend, spend), modelSpend: plusModelSpend(organizations.modelSpend, modelSpend) })
        .where(eq(organizations.id, id));
      return;
    case 'team':
      await tx
        .update(teams)
        .set({ spend: plusSpend(teams.spend, spend), modelSpend: plusModelSpend(teams.modelSpend, modelSpend) })
        .where(eq(teams.id, id));
      return;
    case 'team_member': {
      const [teamId = '', userId = ''] = id.split(TEAM_MEMBER_SEPARATOR);
      await tx
        .update(teamMemberships)
        .set({ spend: plusSpend(teamMemberships.spend, spend) })
        .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId)));
      return;
    }
    case 'user':
      await tx
        .update(users)
        .set({ spend: plusSpend(users.spend, spend), modelSpend: plusModelSpend(users.modelSpend, modelSpend) })
        .where(eq(users.id, id));
      return;
    case 'key':
      await tx
        .update(keys)
        .set({
          spend: plusSpend(keys.spend, spend),
          modelSpend: plusModelSpend(keys.modelSpend, modelSpend),
          lastActiveAt: sql`greatest(${keys.lastActiveAt}, ${lastActiveAt.toISOString()}::timestamptz)`,
        })
        .where(eq(keys.hash, id));
      return;
    case 'customer':
      // An end user spends before anyone registered them, as in the reference: create the row on first spend.
      await tx
        .insert(customers)
        .values({ id, spend })
        .onConflictDoUpdate({ target: customers.id, set: { spend: plusSpend(customers.spend, spend) } });
      return;
  }
}

async function upsertDailyTotals(tx: Transaction, increments: DailyIncrement[]): Promise<void> {
  for (let start = 0; start < increments.length; start += ROWS_PER_STATEMENT) {
    await tx
      .insert(dailySpend)
      .values(increments.slice(start, start + ROWS_PER_STATEMENT))
      .onConflictDoUpdate({
        target: [dailySpend.day, dailySpend.entityType, dailySpend.entityId, dailySpend.model],
        set: {
          spend: sql`${dailySpend.spend} + excluded.spend`,
          promptTokens: sql`${dailySpend.promptTokens} + excluded.prompt_tokens`,
          completionTokens: sql`${dailySpend.completionTokens} + excluded.completion_tokens`,
          totalTokens: sql`${dailySpend.totalTokens} + excluded.total_tokens`,
          requests: sql`${dailySpend.requests} + excluded.requests`,
          successes: sql`${dailySpend.successes} + excluded.successes`,
          failures: sql`${dailySpend.failures} + excluded.failures`,
          cacheHits: sql`${dailySpend.cacheHits} + excluded.cache_hits`,
        },
      });
  }
}
