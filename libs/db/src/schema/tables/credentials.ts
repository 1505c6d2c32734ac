import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { changeTracking } from '../columns.ts';

/**
 * Reusable provider credentials (LiteLLM's `LiteLLM_CredentialsTable`): a deployment names one with
 * `litellm_params.litellm_credential_name`. Every value is sealed together in `credential_values`, AES-256-GCM
 * with the salt key and the credential's name bound in (see `../../credentials/credential-cipher.ts`); only the
 * free-form `credential_info` is plain.
 */
export const credentials = pgTable('credentials', {
  credentialName: text('credential_name').primaryKey(),
  credentialValues: text('credential_values').notNull(),
  credentialInfo: jsonb('credential_info').$type<Record<string, unknown>>().notNull().default({}),
  ...changeTracking(),
});
