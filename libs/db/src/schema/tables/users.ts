import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { budgetFields, changeTracking, spendCounters, type Metadata } from '../columns.ts';
import { budgets } from './budgets.ts';

/** The reference's roles; the check constraint below lists the same four. */
export const USER_ROLES = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email'),
    alias: text('alias'),
    role: text('role', { enum: USER_ROLES }).notNull().default('internal_user'),
    /** A password hash made by the backend (scrypt); never the password. */
    passwordHash: text('password_hash'),
    models: text('models').array().notNull().default([]),
    ...budgetFields(),
    budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
    ...spendCounters(),
    metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
    ...changeTracking(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_alias_idx').on(t.alias),
    check('users_role_check', sql`${t.role} in ('proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer')`),
  ],
);
