import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { money, timestampTz } from '../columns.ts';

/**
 * Deleted keys are archived, not lost: the columns people search by, plus the whole row as it was. The
 * same hash can be archived twice (a custom key value re-added and deleted again), so it is not the key.
 */
export const deletedKeys = pgTable(
  'deleted_keys',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    hash: text('hash').notNull(),
    keyName: text('key_name').notNull(),
    alias: text('alias'),
    userId: text('user_id'),
    teamId: text('team_id'),
    organizationId: text('organization_id'),
    spend: money('spend').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    deletedAt: timestampTz('deleted_at').notNull().defaultNow(),
    deletedBy: text('deleted_by'),
  },
  (t) => [
    index('deleted_keys_hash_idx').on(t.hash),
    index('deleted_keys_team_id_idx').on(t.teamId),
    index('deleted_keys_deleted_at_idx').on(t.deletedAt),
  ],
);
