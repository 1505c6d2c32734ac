import { boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { changeTracking, money, type Metadata } from '../columns.ts';
import { budgets } from './budgets.ts';

/**
 * End users (`/customer/new`, the `user` field of a request). The spend writer creates a row the first
 * time an unknown end user spends, as the reference does.
 */
export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  alias: text('alias'),
  blocked: boolean('blocked').notNull().default(false),
  budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
  spend: money('spend').notNull().default('0'),
  metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
  ...changeTracking(),
});
