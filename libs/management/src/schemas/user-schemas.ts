import { z } from 'zod';
import { USER_ROLES } from '@switchboard/db';
import { budgetFields, jsonObject, name, nameList, pageQuery, text } from './common.ts';

const email = text().email('must be an email address');
const password = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');

const userFields = {
  user_email: email.nullable().optional(),
  user_alias: name().nullable().optional(),
  user_role: z.enum(USER_ROLES).optional(),
  models: nameList().optional(),
  ...budgetFields,
  metadata: jsonObject().optional(),
  password: password.optional(),
};

export const newUserSchema = z
  .object({ user_id: name().optional(), teams: nameList().optional(), auto_create_key: z.boolean().default(true), ...userFields })
  .strict();
export type NewUserInput = z.output<typeof newUserSchema>;

/** `current_password`: ours, not LiteLLM's; a non-admin changing their own password must prove they know it. */
export const updateUserSchema = z.object({ user_id: name(), ...userFields, current_password: z.string().max(256).optional() }).strict();
export type UpdateUserInput = z.output<typeof updateUserSchema>;

export const deleteUsersSchema = z.object({ user_ids: z.array(name()).min(1).max(100) }).strict();
export const userInfoQuery = z.object({ user_id: name().optional() }).strict();
export const userListQuery = z.object({ ...pageQuery, role: z.enum(USER_ROLES).optional(), user_email: email.optional() }).strict();
