import { durationSeconds } from '../schemas/common.ts';

export interface BudgetInput {
  max_budget?: string | null;
  soft_budget?: string | null;
  budget_duration?: string | null;
  max_parallel_requests?: number | null;
  tpm_limit?: number | null;
  rpm_limit?: number | null;
  model_max_budget?: Record<string, string> | null;
}

/** The budget fields given (only those), as column values; a new duration starts a new budget period. */
export function budgetColumns(input: BudgetInput, now = new Date()) {
  const columns: Record<string, unknown> = {};
  if (input.max_budget !== undefined) columns.maxBudget = input.max_budget;
  if (input.soft_budget !== undefined) columns.softBudget = input.soft_budget;
  if (input.max_parallel_requests !== undefined) columns.maxParallelRequests = input.max_parallel_requests;
  if (input.tpm_limit !== undefined) columns.tpmLimit = input.tpm_limit;
  if (input.rpm_limit !== undefined) columns.rpmLimit = input.rpm_limit;
  if (input.model_max_budget !== undefined) columns.modelMaxBudget = input.model_max_budget;
  if (input.budget_duration !== undefined) {
    columns.budgetDuration = input.budget_duration;
    const seconds = input.budget_duration === null ? undefined : durationSeconds(input.budget_duration);
    columns.budgetResetAt = seconds === undefined ? null : new Date(now.getTime() + seconds * 1000);
  }
  return columns as {
    maxBudget?: string | null;
    softBudget?: string | null;
    maxParallelRequests?: number | null;
    tpmLimit?: number | null;
    rpmLimit?: number | null;
    modelMaxBudget?: Record<string, string> | null;
    budgetDuration?: string | null;
    budgetResetAt?: Date | null;
  };
}

/** Sets `to[name]` only when `value` was given. */
export function given<T extends object, V>(to: T, name: string, value: V | undefined): void {
  if (value !== undefined) (to as Record<string, unknown>)[name] = value;
}
