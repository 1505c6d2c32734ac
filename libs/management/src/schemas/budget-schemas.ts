import { z } from 'zod';
import { budgetFields, name, pageQuery } from './common.ts';

export const newBudgetSchema = z.object({ budget_id: name().optional(), ...budgetFields }).strict();
export type NewBudgetInput = z.output<typeof newBudgetSchema>;
export const budgetInfoSchema = z.object({ budgets: z.array(name()).min(1).max(100) }).strict();
export const budgetListQuery = z.object(pageQuery).strict();
