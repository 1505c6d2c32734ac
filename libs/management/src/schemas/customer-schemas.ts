import { z } from 'zod';
import { budgetFields, jsonObject, money, name, pageQuery, requestObject } from './common.ts';
import { KEPT_CUSTOMER_FIELDS, optionalFields } from './kept-fields.ts';

/** End users: the reference's `user_id` is the id clients send as the request's `user` field. */
const customerFields = {
  alias: name().nullable().optional(),
  blocked: z.boolean().optional(),
  budget_id: name().nullable().optional(),
  metadata: jsonObject().optional(),
  /** What the end user spent so far; setting it is an admin's correction. */
  spend: money().optional(),
  ...budgetFields,
  ...optionalFields(KEPT_CUSTOMER_FIELDS),
};
export const newCustomerSchema = requestObject({ user_id: name(), ...customerFields });
export type NewCustomerInput = z.output<typeof newCustomerSchema>;
export const updateCustomerSchema = requestObject({ user_id: name(), ...customerFields });
export type UpdateCustomerInput = z.output<typeof updateCustomerSchema>;
export const customerIdsSchema = requestObject({ user_ids: z.array(name()).min(1).max(100) });
export const customerInfoQuery = z.object({ end_user_id: name() }).strict();
export const customerListQuery = z.object(pageQuery).strict();
