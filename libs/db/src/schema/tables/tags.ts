import { pgTable, text } from 'drizzle-orm/pg-core';
import { changeTracking } from '../columns.ts';
import { budgets } from './budgets.ts';

/**
 * Tags an admin manages (LiteLLM's `LiteLLM_TagTable`, `/tag/new`): a description, the deployments that serve the
 * tag (`models`: model names or ids; the tag is added to those deployments' `litellm_params.tags`), and a budget
 * row whose limits hold every call carrying the tag. A tag's spend is read from the spend logs' `request_tags`.
 */
export const tags = pgTable('tags', {
  name: text('name').primaryKey(),
  description: text('description'),
  models: text('models').array().notNull().default([]),
  budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
  ...changeTracking(),
});
