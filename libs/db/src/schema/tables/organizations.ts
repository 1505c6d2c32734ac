import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { changeTracking, spendCounters, type Metadata } from '../columns.ts';
import { budgets } from './budgets.ts';

export const organizations = pgTable(
  'organizations',
  {
    id: text('id').primaryKey(),
    alias: text('alias').notNull(),
    budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
    models: text('models').array().notNull().default([]),
    ...spendCounters(),
    metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
    ...changeTracking(),
  },
  (t) => [index('organizations_alias_idx').on(t.alias)],
);
