import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampTz } from '../columns.ts';

export const OUTBOX_ENTITY_TYPES = ['budget', 'organization', 'team', 'user', 'key', 'customer', 'model', 'config', 'tag'] as const;
export type OutboxEntityType = (typeof OUTBOX_ENTITY_TYPES)[number];
export const OUTBOX_ACTIONS = ['insert', 'update', 'delete'] as const;
export type OutboxAction = (typeof OUTBOX_ACTIONS)[number];

/**
 * Change events for cache invalidation, written in the transaction of the change. Gateways poll it by id
 * (`readOutboxAfter`); `appendOutbox` serializes writers so ids become visible in id order.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entityType: text('entity_type', { enum: OUTBOX_ENTITY_TYPES }).notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action', { enum: OUTBOX_ACTIONS }).notNull(),
    createdAt: timestampTz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('outbox_created_at_idx').on(t.createdAt),
    check('outbox_entity_type_check', sql`${t.entityType} in ('budget', 'organization', 'team', 'user', 'key', 'customer', 'model', 'config', 'tag')`),
    check('outbox_action_check', sql`${t.action} in ('insert', 'update', 'delete')`),
  ],
);
