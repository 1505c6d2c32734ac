import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { budgetFields, changeTracking, spendCounters, timestampTz, type Metadata } from '../columns.ts';
import { budgets } from './budgets.ts';
import { organizations } from './organizations.ts';

export const teams = pgTable(
  'teams',
  {
    id: text('id').primaryKey(),
    alias: text('alias'),
    organizationId: text('organization_id').references(() => organizations.id),
    models: text('models').array().notNull().default([]),
    ...budgetFields(),
    budgetId: text('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
    ...spendCounters(),
    blocked: boolean('blocked').notNull().default(false),
    /** public model name → model the team's requests go to. */
    modelAliases: jsonb('model_aliases').$type<Record<string, string>>().notNull().default({}),
    metadata: jsonb('metadata').$type<Metadata>().notNull().default({}),
    /** LiteLLM's `team_member_permissions`: key routes the team's plain members may use on its keys; null = none granted. */
    memberPermissions: text('member_permissions').array(),
    ...changeTracking(),
    /** When every team's spend was last set back to 0 (`/global/spend/reset`): a new budget counter, as for a key. */
    spendResetAt: timestampTz('spend_reset_at'),
  },
  (t) => [index('teams_alias_idx').on(t.alias), index('teams_organization_id_idx').on(t.organizationId)],
);
