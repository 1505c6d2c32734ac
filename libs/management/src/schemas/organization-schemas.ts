import { z } from 'zod';
import { ORGANIZATION_ROLES } from '@switchboard/db';
import { budgetFields, jsonObject, money, name, nameList, pageQuery, requestObject, text } from './common.ts';
import { KEPT_ORGANIZATION_FIELDS, optionalFields } from './kept-fields.ts';

const organizationFields = {
  models: nameList().optional(),
  ...budgetFields,
  budget_id: name().nullable().optional(),
  metadata: jsonObject().optional(),
  ...optionalFields(KEPT_ORGANIZATION_FIELDS),
};

export const newOrganizationSchema = requestObject({ organization_id: name().optional(), organization_alias: name(), ...organizationFields });
export type NewOrganizationInput = z.output<typeof newOrganizationSchema>;
export const updateOrganizationSchema = requestObject({ organization_id: name(), organization_alias: name().optional(), ...organizationFields });
export type UpdateOrganizationInput = z.output<typeof updateOrganizationSchema>;
export const deleteOrganizationsSchema = requestObject({ organization_ids: z.array(name()).min(1).max(100) });
export const organizationInfoQuery = z.object({ organization_id: name() }).strict();
/** LiteLLM answers every organization at once: the page is large by default. */
export const organizationListQuery = z.object({ ...pageQuery, size: z.coerce.number().int().min(1).max(500).default(500), organization_alias: name().optional() }).strict();

const email = text().email('must be an email address');
const who = { user_id: name().optional(), user_email: email.optional() };
const named = (value: { user_id?: string; user_email?: string }) => value.user_id !== undefined || value.user_email !== undefined;

/** LiteLLM's OrgMember: a user (by id or e-mail) and their role in the organization. */
export const orgMemberSchema = requestObject({ ...who, role: z.enum(ORGANIZATION_ROLES).default('internal_user') }).refine(named, 'give user_id or user_email');
export const orgMemberAddSchema = requestObject({
  organization_id: name(),
  member: z.union([orgMemberSchema, z.array(orgMemberSchema).min(1).max(100)]),
  max_budget_in_organization: money().nullable().optional(),
});
export const orgMemberUpdateSchema = requestObject({
  organization_id: name(),
  ...who,
  role: z.enum(ORGANIZATION_ROLES).optional(),
  max_budget_in_organization: money().nullable().optional(),
}).refine(named, 'give user_id or user_email');
export const orgMemberDeleteSchema = requestObject({ organization_id: name(), ...who }).refine(named, 'give user_id or user_email');
