import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { budgetFields, changeTracking, money, timestampTz, type Metadata, type ModelSpend } from '../columns.ts';
import { budgets } from './budgets.ts';
import { organizations } from './organizations.ts';
import { teams } from './teams.ts';
import { users } from './users.ts';

/**
 * Virtual keys. The primary key is the SHA-256 of the raw `sk-...` value, which is shown once and never
 * stored: the check constraint refuses anything that is not 64 lowercase hex digits.
 */
export const keys = pgTable(
  'keys',
  {
    hash: text('hash').primaryKey(),
    /** Masked display form, e.g. `sk-...a1b2`. */
    keyName: text('key_name').notNull(),
    alias: text('alias'),
    spend: money('spend').notNull().default('0'),
    modelSpend: jsonb('model_spend').$type<ModelSpend>().notNull().default({}),
    expiresAt: timestampTz('expires_at'),
    models: text('models').array().notNull().default([]),
    /** requested model name → model used. */
    aliases: jsonb('aliases').$type<Record<string, string>>().notNull().default({}),
    userId: text('user_id').references(() => users.id),
    teamId: text('team_id').references(() => teams.id),
    organizationId: text('organization_id').references(() => organizations.id),
    ...budgetFields(),
    budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
    blocked: boolean('blocked').notNull().default(false),
    allowedRoutes: text('allowed_routes').array().notNull().default([]),
    tags: text('tags').array().notNull().default([]),
    metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
    lastActiveAt: timestampTz('last_active_at'),
    autoRotate: boolean('auto_rotate').notNull().default(false),
    rotationInterval: text('rotation_interval'),
    rotationCount: integer('rotation_count').notNull().default(0),
    lastRotatedAt: timestampTz('last_rotated_at'),
    nextRotationAt: timestampTz('next_rotation_at'),
    ...changeTracking(),
    /**
     * When an admin last set the key's spend by hand (`/key/{key}/reset_spend`): part of its budget counter's id,
     * so every gateway's limiter starts a counter seeded from the spend set. Written by that route only. Migration 0010 (last: columns are compared in table order).
     */
    spendResetAt: timestampTz('spend_reset_at'),
  },
  (t) => [
    uniqueIndex('keys_alias_key').on(t.alias),
    index('keys_user_id_idx').on(t.userId),
    index('keys_team_id_idx').on(t.teamId),
    index('keys_organization_id_idx').on(t.organizationId),
    check('keys_hash_is_sha256', sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
  ],
);
