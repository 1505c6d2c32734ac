import { z } from 'zod';
import { TEAM_ROLES } from '@switchboard/db';
import { budgetFields, jsonObject, name, nameList, pageQuery, stringMap, text } from './common.ts';

/** A member is named by user id or email (the reference accepts either). */
export const memberSchema = z
  .object({ role: z.enum(TEAM_ROLES).default('user'), user_id: name().optional(), user_email: text().email('must be an email address').optional() })
  .strict()
  .refine((value) => value.user_id !== undefined || value.user_email !== undefined, 'give user_id or user_email');
export type MemberInput = z.output<typeof memberSchema>;

const teamFields = {
  team_alias: name().nullable().optional(),
  organization_id: name().nullable().optional(),
  models: nameList().optional(),
  ...budgetFields,
  budget_id: name().nullable().optional(),
  model_aliases: stringMap().optional(),
  metadata: jsonObject().optional(),
  blocked: z.boolean().optional(),
};

export const newTeamSchema = z
  .object({ team_id: name().optional(), members_with_roles: z.array(memberSchema).max(1_000).optional(), ...teamFields })
  .strict();
export type NewTeamInput = z.output<typeof newTeamSchema>;

export const updateTeamSchema = z.object({ team_id: name(), ...teamFields }).strict();
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;

export const deleteTeamsSchema = z.object({ team_ids: z.array(name()).min(1).max(100) }).strict();
export const teamIdSchema = z.object({ team_id: name() }).strict();
export const memberAddSchema = z.object({ team_id: name(), member: z.union([memberSchema, z.array(memberSchema).min(1).max(100)]) }).strict();
export const memberDeleteSchema = z
  .object({ team_id: name(), user_id: name().optional(), user_email: text().email().optional() })
  .strict()
  .refine((value) => value.user_id !== undefined || value.user_email !== undefined, 'give user_id or user_email');
export const teamInfoQuery = z.object({ team_id: name() }).strict();
export const teamListQuery = z.object({ ...pageQuery, organization_id: name().optional(), team_alias: name().optional() }).strict();
