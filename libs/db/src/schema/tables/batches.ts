import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestampTz } from '../columns.ts';

/**
 * OpenAI's batches (`/v1/batches`): a file of requests the gateway runs through its call pipeline as the key that
 * made the batch (its limits, budgets and spend rows apply). A gateway claims one by a lease, so replicas share
 * the work and one that dies hands it on; each line's answer is kept as it comes (batch_lines), so a restart
 * resumes where it stopped.
 */
export const batches = pgTable(
  'batches',
  {
    id: text('id').primaryKey(),
    endpoint: text('endpoint').notNull(),
    inputFileId: text('input_file_id').notNull(),
    completionWindow: text('completion_window').notNull(),
    /** validating → in_progress → completed; cancelling → cancelled; failed; expired. */
    status: text('status').notNull(),
    metadata: jsonb('metadata').$type<Record<string, string>>(),
    /** The request id the batch's calls are sub-calls of (their spend rows' parent_request_id). */
    requestId: uuid('request_id').notNull(),
    total: integer('total').notNull(),
    completed: integer('completed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    outputFileId: text('output_file_id'),
    errorFileId: text('error_file_id'),
    errors: jsonb('errors').$type<Record<string, unknown>>(),
    createdAt: timestampTz('created_at').notNull().defaultNow(),
    inProgressAt: timestampTz('in_progress_at'),
    finalizingAt: timestampTz('finalizing_at'),
    completedAt: timestampTz('completed_at'),
    failedAt: timestampTz('failed_at'),
    expiredAt: timestampTz('expired_at'),
    cancellingAt: timestampTz('cancelling_at'),
    cancelledAt: timestampTz('cancelled_at'),
    expiresAt: timestampTz('expires_at').notNull(),
    keyHash: text('key_hash'),
    userId: text('user_id'),
    teamId: text('team_id'),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestampTz('lease_until'),
  },
  (t) => [index('batches_status_idx').on(t.status), index('batches_team_id_idx').on(t.teamId), index('batches_user_id_idx').on(t.userId)],
);

/** One answered line of a batch: the line of the output (or error) file, written when the call ended. */
export const batchLines = pgTable(
  'batch_lines',
  {
    batchId: text('batch_id').notNull(),
    lineIndex: integer('line_index').notNull(),
    failed: boolean('failed').notNull(),
    /** OpenAI's output line: `{id, custom_id, response: {status_code, request_id, body}, error}`. */
    outcome: jsonb('outcome').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.lineIndex] })],
);
