import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampTz } from '../columns.ts';

/** Every management change: who, what, on which row, before and after. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestampTz('at').notNull().defaultNow(),
    /** A user id, or `master_key`. */
    actor: text('actor').notNull(),
    /** Hash of the key the change was made with, when it was one. */
    actorKeyHash: text('actor_key_hash'),
    action: text('action').notNull(),
    tableName: text('table_name').notNull(),
    objectId: text('object_id').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_object_idx').on(t.tableName, t.objectId), index('audit_log_at_idx').on(t.at)],
);
