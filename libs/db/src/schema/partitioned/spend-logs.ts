import { isNotNull } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { money, timestampTz, type Metadata } from '../columns.ts';

export const SPEND_STATUSES = ['success', 'failure'] as const;
export type SpendStatus = (typeof SPEND_STATUSES)[number];

/**
 * One row per request, keyed by the gateway's UUIDv7 request id. The table is PARTITIONED BY RANGE
 * (start_time), monthly plus a default partition, which drizzle-kit cannot express: it is created by the
 * hand-written migration `drizzle/0001_spend_logs_partitioned.sql` and kept out of drizzle-kit's schema
 * (drizzle.config.ts reads `tables/` only). This definition is for queries; a test compares it with the
 * table the migration creates. PostgreSQL needs the partition column in the primary key, so an idempotent
 * retry must carry the same start_time (it does: it comes from the journaled event).
 */
export const spendLogs = pgTable(
  'spend_logs',
  {
    requestId: uuid('request_id').notNull(),
    startTime: timestampTz('start_time').notNull(),
    endTime: timestampTz('end_time').notNull(),
    timeToFirstTokenMs: integer('time_to_first_token_ms'),
    keyHash: text('key_hash'),
    userId: text('user_id'),
    teamId: text('team_id'),
    organizationId: text('organization_id'),
    endUser: text('end_user'),
    model: text('model').notNull(),
    modelGroup: text('model_group'),
    provider: text('provider'),
    deploymentId: text('deployment_id'),
    callType: text('call_type'),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    totalTokens: integer('total_tokens').notNull().default(0),
    spend: money('spend').notNull().default('0'),
    status: text('status', { enum: SPEND_STATUSES }).notNull(),
    cacheHit: boolean('cache_hit').notNull().default(false),
    metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
    /** Opt-in only: bodies made the reference's table 26 GB. */
    requestBody: jsonb('request_body'),
    responseBody: jsonb('response_body'),
    /**
     * The `id` of the response the client got (`chatcmpl-...`): what LiteLLM's clients search by. Not unique.
     * Last because migration 0003 added it (columns are compared in table order).
     */
    responseId: text('response_id'),
    /** A sub-call's parent: the request it was made on behalf of (a fan-out's model, a guardrail's check). Migration 0004. */
    parentRequestId: uuid('parent_request_id'),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.startTime] }),
    index('spend_logs_start_time_idx').on(t.startTime),
    index('spend_logs_key_hash_idx').on(t.keyHash, t.startTime),
    // Partial (migration 0006): most rows have no team or parent, and no lookup goes through a null one.
    index('spend_logs_team_id_idx').on(t.teamId, t.startTime).where(isNotNull(t.teamId)),
    index('spend_logs_response_id_idx').on(t.responseId),
    index('spend_logs_parent_request_id_idx').on(t.parentRequestId).where(isNotNull(t.parentRequestId)),
  ],
);
