import { bigint, integer, jsonb, numeric, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Money is exact: dollars as numeric(20,10) in PostgreSQL and decimal strings in TypeScript, never floats
 * (see `../money.ts` for the arithmetic and the micro-dollar conversions).
 */
export const money = (name: string) => numeric(name, { precision: 20, scale: 10 });

export const timestampTz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type Metadata = Record<string, unknown>;
/** Per-model spend, model name → decimal dollars as a JSON string (a JSON number would come back as a float). */
export type ModelSpend = Record<string, string>;

/** Who changed a row and when: every management table carries these. */
export const changeTracking = () => ({
  createdAt: timestampTz('created_at').notNull().defaultNow(),
  updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  createdBy: text('created_by'),
  updatedBy: text('updated_by'),
});

/** The budget and limit fields the reference carries on budgets, teams, users and keys alike. */
export const budgetFields = () => ({
  maxBudget: money('max_budget'),
  softBudget: money('soft_budget'),
  /** "30s", "30m", "30h", "30d"; null = never resets. */
  budgetDuration: text('budget_duration'),
  budgetResetAt: timestampTz('budget_reset_at'),
  maxParallelRequests: integer('max_parallel_requests'),
  tpmLimit: bigint('tpm_limit', { mode: 'number' }),
  rpmLimit: bigint('rpm_limit', { mode: 'number' }),
  /** model name → max budget in decimal dollars. */
  modelMaxBudget: jsonb('model_max_budget').$type<Record<string, string>>(),
});

/** Running totals the spend writer adds to. */
export const spendCounters = () => ({
  spend: money('spend').notNull().default('0'),
  modelSpend: jsonb('model_spend').$type<ModelSpend>().notNull().default({}),
});
