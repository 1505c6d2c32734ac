import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampTz } from '../columns.ts';

/**
 * Settings changed through the API (`/config/update`), one row per config section (`router_settings`,
 * `general_settings`, `litellm_settings`, `environment_variables`), laid over the config file's sections
 * (LiteLLM's `LiteLLM_Config`). Environment variables are stored encrypted with the salt key.
 */
export const proxyConfig = pgTable('proxy_config', {
  paramName: text('param_name').primaryKey(),
  paramValue: jsonb('param_value').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});
