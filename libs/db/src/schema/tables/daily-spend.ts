import { sql } from 'drizzle-orm';
import { bigint, check, date, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { money } from '../columns.ts';

/** `global` rows count every request, including those made with the master key. */
export const SPEND_ENTITY_TYPES = ['global', 'organization', 'team', 'user', 'key', 'customer'] as const;
export type SpendEntityType = (typeof SPEND_ENTITY_TYPES)[number];

/**
 * Daily totals per entity and model, upserted by the spend writer in the transaction that inserts the
 * spend rows. Analytics read these, never spend_logs. `day` is the UTC day of the request's start.
 */
export const dailySpend = pgTable(
  'daily_spend',
  {
    day: date('day', { mode: 'string' }).notNull(),
    entityType: text('entity_type', { enum: SPEND_ENTITY_TYPES }).notNull(),
    /** '' for `global`. */
    entityId: text('entity_id').notNull(),
    /** The model group (public name) when the request had one, else the model. */
    model: text('model').notNull(),
    spend: money('spend').notNull().default('0'),
    promptTokens: bigint('prompt_tokens', { mode: 'number' }).notNull().default(0),
    completionTokens: bigint('completion_tokens', { mode: 'number' }).notNull().default(0),
    totalTokens: bigint('total_tokens', { mode: 'number' }).notNull().default(0),
    requests: bigint('requests', { mode: 'number' }).notNull().default(0),
    successes: bigint('successes', { mode: 'number' }).notNull().default(0),
    failures: bigint('failures', { mode: 'number' }).notNull().default(0),
    cacheHits: bigint('cache_hits', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.entityType, t.entityId, t.model] }),
    index('daily_spend_entity_day_idx').on(t.entityType, t.entityId, t.day),
    check('daily_spend_entity_type_check', sql`${t.entityType} in ('global', 'organization', 'team', 'user', 'key', 'customer')`),
  ],
);
