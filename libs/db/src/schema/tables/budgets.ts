import { pgTable, text } from 'drizzle-orm/pg-core';
import { budgetFields, changeTracking } from '../columns.ts';

/** Reusable budgets (`/budget/new`), referenced by organizations, teams, keys and customers. */
export const budgets = pgTable('budgets', {
  id: text('id').primaryKey(),
  ...budgetFields(),
  ...changeTracking(),
});
