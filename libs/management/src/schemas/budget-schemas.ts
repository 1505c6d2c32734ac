import { z } from 'zod';
import { budgetFields, name, pageQuery, requestObject } from './common.ts';

const budgetResetAt = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const newBudgetSchema = requestObject({ budget_id: name().optional(), ...budgetFields, budget_reset_at: budgetResetAt.nullable().optional() });
export type NewBudgetInput = z.output<typeof newBudgetSchema>;
export const updateBudgetSchema = requestObject({ budget_id: name(), ...budgetFields, budget_reset_at: budgetResetAt.nullable().optional() });
export const deleteBudgetSchema = requestObject({ id: name() });
export const budgetInfoSchema = requestObject({ budgets: z.array(name()).min(1).max(100) });
export const budgetListQuery = z.object(pageQuery).strict();
