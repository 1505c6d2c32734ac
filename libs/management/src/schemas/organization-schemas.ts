import { z } from 'zod';
import { budgetFields, jsonObject, name, nameList, pageQuery } from './common.ts';

const organizationFields = {
  models: nameList().optional(),
  ...budgetFields,
  budget_id: name().nullable().optional(),
  metadata: jsonObject().optional(),
};

export const newOrganizationSchema = z.object({ organization_id: name().optional(), organization_alias: name(), ...organizationFields }).strict();
export type NewOrganizationInput = z.output<typeof newOrganizationSchema>;
export const updateOrganizationSchema = z.object({ organization_id: name(), organization_alias: name().optional(), ...organizationFields }).strict();
export type UpdateOrganizationInput = z.output<typeof updateOrganizationSchema>;
export const deleteOrganizationsSchema = z.object({ organization_ids: z.array(name()).min(1).max(100) }).strict();
export const organizationInfoQuery = z.object({ organization_id: name() }).strict();
export const organizationListQuery = z.object({ ...pageQuery, organization_alias: name().optional() }).strict();
