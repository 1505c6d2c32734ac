import { z } from 'zod';
import { budgetFields, jsonObject, name, pageQuery } from './common.ts';

/** End users: the reference's `user_id` is the id clients send as the request's `user` field. */
export const newCustomerSchema = z
  .object({ user_id: name(), alias: name().nullable().optional(), blocked: z.boolean().optional(), budget_id: name().nullable().optional(), metadata: jsonObject().optional(), ...budgetFields })
  .strict();
export type NewCustomerInput = z.output<typeof newCustomerSchema>;
export const customerInfoQuery = z.object({ end_user_id: name() }).strict();
export const customerListQuery = z.object(pageQuery).strict();
