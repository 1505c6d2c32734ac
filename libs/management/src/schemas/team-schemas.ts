import { z } from 'zod';
import { TEAM_ROLES } from '@switchboard/db';
import { isTeamMemberPermission, TEAM_MEMBER_GRANTABLE } from '@switchboard/permissions';
import { budgetFields, jsonObject, limit, money, name, nameList, pageQuery, requestObject, stringMap, text } from './common.ts';
import { KEPT_TEAM_FIELDS, optionalFields } from './kept-fields.ts';

const email = text().email('must be an email address');
const named = (value: { user_id?: string; user_email?: string }) => value.user_id !== undefined || value.user_email !== undefined;

/** A member is named by user id or email (the reference accepts either). */
export const memberSchema = requestObject({ role: z.enum(TEAM_ROLES).default('user'), user_id: name().optional(), user_email: email.optional() }).refine(named, 'give user_id or user_email');
export type MemberInput = z.output<typeof memberSchema>;

/** LiteLLM's `team_member_permissions`: key routes the team's plain members may use on its keys. */
export const memberPermissionsList = () =>
  z.array(name().refine(isTeamMemberPermission, { message: `must be one of ${TEAM_MEMBER_GRANTABLE.join(', ')}` })).max(TEAM_MEMBER_GRANTABLE.length * 4);

const teamFields = {
  team_alias: name().nullable().optional(),
  organization_id: name().nullable().optional(),
  models: nameList().optional(),
  ...budgetFields,
  budget_id: name().nullable().optional(),
  model_aliases: stringMap().optional(),
  metadata: jsonObject().optional(),
  blocked: z.boolean().optional(),
  team_member_permissions: memberPermissionsList().optional(),
  ...optionalFields(KEPT_TEAM_FIELDS),
};

export const newTeamSchema = requestObject({ team_id: name().optional(), members_with_roles: z.array(memberSchema).max(1_000).optional(), ...teamFields });
export type NewTeamInput = z.output<typeof newTeamSchema>;

export const updateTeamSchema = requestObject({ team_id: name(), ...teamFields });
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;

export const deleteTeamsSchema = requestObject({ team_ids: z.array(name()).min(1).max(100) });
export const teamIdSchema = requestObject({ team_id: name() });
export const memberAddSchema = requestObject({
  team_id: name(),
  member: z.union([memberSchema, z.array(memberSchema).min(1).max(100)]),
  /** Each added member's own budget within the team. */
  max_budget_in_team: money().nullable().optional(),
});
/** LiteLLM's limit on one `/team/bulk_member_add`. */
export const MAX_BULK_MEMBERS = 500;

/** LiteLLM's `/team/bulk_member_add`: `members`, or `all_users: true` (every user, as a plain member). */
export const bulkMemberAddSchema = requestObject({
  team_id: name(),
  members: z.array(memberSchema).max(MAX_BULK_MEMBERS).nullable().optional(),
  all_users: z.boolean().nullable().optional(),
  max_budget_in_team: money().nullable().optional(),
});

export const memberUpdateSchema = requestObject({
  team_id: name(),
  user_id: name().optional(),
  user_email: email.optional(),
  role: z.enum(TEAM_ROLES).optional(),
  max_budget_in_team: money().nullable().optional(),
  tpm_limit: limit().nullable().optional(),
  rpm_limit: limit().nullable().optional(),
}).refine(named, 'give user_id or user_email');
export const memberDeleteSchema = requestObject({ team_id: name(), user_id: name().optional(), user_email: email.optional() }).refine(named, 'give user_id or user_email');
/** LiteLLM's `/team/model/add` and `/team/model/delete` body: the names to add to or remove from the team's list. */
export const teamModelsSchema = requestObject({ team_id: name(), models: nameList().min(1, 'give at least one model') });
/** `/team/permissions_update`: the team's whole grant (an empty list leaves the baseline). */
export const teamPermissionsUpdateSchema = requestObject({ team_id: name(), team_member_permissions: memberPermissionsList() });
/** LiteLLM's `/team/permissions_bulk_update`: permissions appended to the teams named, or to every team. */
export const teamPermissionsBulkUpdateSchema = requestObject({
  permissions: memberPermissionsList(),
  team_ids: z.array(name()).max(10_000).nullable().optional(),
  apply_to_all_teams: z.boolean().nullable().optional(),
});
export const teamInfoQuery = z.object({ team_id: name() }).strict();
/** LiteLLM's `/team/list`: every team (the caller's, unless an admin), or a user's; `default_organization` means none. */
export const teamListQuery = z.object({ user_id: name().optional(), organization_id: name().optional() }).strict();

/** LiteLLM's `/v2/team/list`: a page of teams, filtered and sorted. */
export const teamPageQuery = z
  .object({
    page: pageQuery.page,
    page_size: z.coerce.number().int().min(1).max(100).default(10),
    team_id: name().optional(),
    team_alias: name().optional(),
    organization_id: name().optional(),
    user_id: name().optional(),
    sort_by: z.enum(['created_at', 'team_alias', 'spend', 'max_budget', 'team_id']).optional(),
    sort_order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();

/** LiteLLM's `AddTeamCallback` (`/team/{team_id}/callback`): one callback, the events it gets, and its variables. */
export const teamCallbackSchema = requestObject({
  callback_name: name(),
  callback_type: z.enum(['success', 'failure', 'success_and_failure']).default('success_and_failure'),
  callback_vars: z.record(name(), text(4096)).default({}),
});
