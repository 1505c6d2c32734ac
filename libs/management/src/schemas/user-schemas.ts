import { z } from 'zod';
import { TEAM_ROLES, USER_ROLES } from '@switchboard/db';
import { budgetFields, commaList, duration, jsonObject, money, name, nameList, pageQuery, requestObject, stringMap, text } from './common.ts';
import { KEPT_USER_FIELDS, optionalFields } from './kept-fields.ts';

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
  ...optionalFields(KEPT_USER_FIELDS),
};

/** LiteLLM's key fields on /user/new: they shape the user's first key (and `team_id` makes the user a member). */
const firstKeyFields = {
  key_alias: name().nullable().optional(),
  duration: duration().nullable().optional(),
  team_id: name().nullable().optional(),
  aliases: stringMap().optional(),
  blocked: z.boolean().optional(),
  spend: money().optional(),
};

/** A team to join: its id, or LiteLLM's NewUserRequestTeam (the member's role and budget in it). */
const teamToJoin = z.union([
  name(),
  requestObject({ team_id: name(), user_role: z.enum(TEAM_ROLES).default('user'), max_budget_in_team: money().nullable().optional() }),
]);

export const newUserSchema = requestObject({
  user_id: name().optional(),
  teams: z.array(teamToJoin).max(256).optional(),
  auto_create_key: z.boolean().default(true),
  ...userFields,
  ...firstKeyFields,
});
export type NewUserInput = z.output<typeof newUserSchema>;

/**
 * LiteLLM names the user by `user_id` or `user_email`. Its key fields (key_alias, duration, team_id, ...) are
 * accepted on an update and do nothing there, as in LiteLLM. `current_password`: ours, not LiteLLM's; a
 * non-admin changing their own password must prove they know it.
 */
export const updateUserSchema = requestObject({
  user_id: name().optional(),
  ...userFields,
  ...firstKeyFields,
  current_password: z.string().max(256).optional(),
}).refine((value) => value.user_id !== undefined || value.user_email != null, 'give user_id or user_email');
export type UpdateUserInput = z.output<typeof updateUserSchema>;

const { user_email: _email, ...userFieldsWithoutEmail } = userFields;

/** LiteLLM's limit on one `/user/bulk_update`, for a list and for all users alike. */
export const MAX_BULK_USERS = 500;

/**
 * LiteLLM's `/user/bulk_update`: `users` (each one `/user/update`'s body), or `all_users: true` with
 * `user_updates` (the same fields without a user's id or e-mail) applied to every user.
 */
export const bulkUpdateUsersSchema = requestObject({
  users: z.array(updateUserSchema).min(1).max(MAX_BULK_USERS).nullable().optional(),
  all_users: z.boolean().nullable().optional(),
  user_updates: requestObject({ ...userFieldsWithoutEmail, ...firstKeyFields }).nullable().optional(),
}).refine((value) => (value.users ?? undefined) !== undefined || (value.all_users === true && value.user_updates != null), "Must specify either 'users' for individual updates or 'all_users=True' with 'user_updates' for bulk updates");

export const deleteUsersSchema = requestObject({ user_ids: z.array(name()).min(1).max(100) });
export const userInfoQuery = z.object({ user_id: name().optional() }).strict();
/**
 * LiteLLM's `/user/list`: `user_ids` comma-separated, `team` a team's members, `user_email` a part of the address (any
 * case), LiteLLM's `page_size` (1-100) and sort.
 */
export const userListQuery = z
  .object({
    page: pageQuery.page,
    page_size: z.coerce.number().int().min(1).max(100).default(25),
    role: z.enum(USER_ROLES).optional(),
    user_email: text(320).optional(),
    user_ids: commaList()
      .refine((ids) => ids.length > 0, 'must name at least one user')
      .optional(),
    team: name().optional(),
    sort_by: z.enum(['user_id', 'user_email', 'created_at', 'spend', 'user_alias', 'user_role']).optional(),
    sort_order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
