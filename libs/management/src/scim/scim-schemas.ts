import { z } from 'zod';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Entra ID sends booleans as the strings "True"/"False" in PATCH values. */
export const scimBoolean = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False', 'TRUE', 'FALSE']).transform((value) => value.toLowerCase() === 'true')]);

const scimEmail = z.object({ value: z.string().email().max(320), type: z.string().max(64).nullish(), primary: scimBoolean.nullish() });
export const scimEmails = z.array(scimEmail).max(20);
export const scimName = z.object({ givenName: z.string().max(200).nullish(), familyName: z.string().max(200).nullish(), formatted: z.string().max(400).nullish() });

/** The User attributes we keep; identity providers send more (extensions, phone numbers), which are ignored. */
export const scimUserSchema = z.object({
  userName: z.string().min(1).max(320),
  externalId: z.string().max(320).nullish(),
  displayName: z.string().max(320).nullish(),
  name: scimName.nullish(),
  emails: scimEmails.nullish(),
  active: scimBoolean.nullish(),
});
export type ScimUserInput = z.output<typeof scimUserSchema>;

const scimMember = z.object({ value: z.string().min(1).max(320), display: z.string().nullish() });
export const scimMembers = z.array(scimMember).max(1000);

export const scimGroupSchema = z.object({
  displayName: z.string().min(1).max(320),
  externalId: z.string().max(320).nullish(),
  members: scimMembers.nullish(),
});

/** RFC 7644 §3.5.2; `op` is case-insensitive (Entra ID sends "Replace"). */
export const scimPatchSchema = z.object({
  schemas: z.array(z.string()).optional(),
  Operations: z
    .array(
      z.object({
        op: z.string().transform((op) => op.toLowerCase()).pipe(z.enum(['add', 'remove', 'replace'])),
        path: z.string().max(200).optional(),
        value: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(100),
});
export type ScimPatchOperation = z.output<typeof scimPatchSchema>['Operations'][number];

export const scimListQuery = z.object({
  filter: z.string().max(500).optional(),
  startIndex: z.coerce.number().int().min(1).default(1),
  count: z.coerce.number().int().min(0).max(500).default(100),
});
