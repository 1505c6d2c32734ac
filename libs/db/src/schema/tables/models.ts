import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { changeTracking } from '../columns.ts';

/**
 * Deployments stored in the database (`STORE_MODEL_IN_DB`). `params` holds the non-secret
 * `litellm_params`; the credentials among them live only in `credentials`, AES-256-GCM encrypted
 * (see `../../credentials/credential-cipher.ts`).
 */
export const models = pgTable(
  'models',
  {
    id: text('id').primaryKey(),
    modelName: text('model_name').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    credentials: text('credentials'),
    modelInfo: jsonb('model_info').$type<Record<string, unknown>>().notNull().default({}),
    ...changeTracking(),
  },
  (t) => [index('models_model_name_idx').on(t.modelName)],
);
