import { USER_ACTIVE_FLAG, type UserRecord } from '@switchboard/db';
import { ScimError } from './scim-error.ts';
import { SCIM_USER_SCHEMA, scimBoolean, scimEmails, scimName, scimUserSchema, type ScimPatchOperation, type ScimUserInput } from './scim-schemas.ts';

/** Where SCIM-only attributes live in a user's metadata (`active`'s bookkeeping is in `scim-user-activation.ts`). */
export const SCIM_USER_METADATA = { externalId: 'scim_external_id', name: 'scim_name', active: USER_ACTIVE_FLAG } as const;

/** A user as SCIM sees it; `userName` is the user id, as in LiteLLM. */
export function scimUserState(user: UserRecord): ScimUserInput {
  const name = scimName.safeParse(user.metadata[SCIM_USER_METADATA.name]);
  const externalId = user.metadata[SCIM_USER_METADATA.externalId];
  return {
    userName: user.id,
    externalId: typeof externalId === 'string' ? externalId : null,
    displayName: user.alias,
    name: name.success ? name.data : null,
    emails: user.email ? [{ value: user.email, type: 'work', primary: true }] : [],
    active: user.metadata[SCIM_USER_METADATA.active] !== false,
  };
}

export function scimUserResource(user: UserRecord, groups: ReadonlyArray<{ id: string; alias: string | null }>) {
  const state = scimUserState(user);
  return {
    schemas: [SCIM_USER_SCHEMA],
    id: user.id,
    ...state,
    externalId: state.externalId ?? undefined,
    displayName: state.displayName ?? undefined,
    name: state.name ?? undefined,
    groups: groups.map((group) => ({ value: group.id, display: group.alias ?? group.id })),
    meta: { resourceType: 'User', created: user.createdAt.toISOString(), lastModified: user.updatedAt.toISOString() },
  };
}

/** The e-mail a user is stored with: the primary one, else the work one, else the first. */
export function primaryEmail(input: ScimUserInput): string | null {
  const emails = input.emails ?? [];
  return (emails.find((email) => email.primary) ?? emails.find((email) => email.type === 'work') ?? emails[0])?.value ?? null;
}

const WORK_EMAIL_VALUE = /^emails\[type eq "work"\]\.value$/i;

/** Sets one attribute named by a PATCH path (lower-cased); false when we keep no such attribute. */
function setAttribute(state: Record<string, unknown>, path: string, value: unknown): boolean {
  const name = { ...((state.name as Record<string, unknown> | null) ?? {}) };
  switch (path) {
    case 'active':
      state.active = value === null ? true : scimBoolean.parse(value);
      return true;
    case 'displayname':
      state.displayName = value;
      return true;
    case 'externalid':
      state.externalId = value;
      return true;
    case 'name':
      state.name = value;
      return true;
    case 'name.givenname':
    case 'name.familyname':
    case 'name.formatted': {
      const field = { 'name.givenname': 'givenName', 'name.familyname': 'familyName', 'name.formatted': 'formatted' }[path];
      state.name = { ...name, [field]: value };
      return true;
    }
    case 'emails':
      state.emails = value === null ? [] : scimEmails.parse(Array.isArray(value) ? value : [value]);
      return true;
    case 'username':
      if (value !== state.userName) throw new ScimError(400, 'userName is the user id and cannot change', 'mutability');
      return true;
    default:
      if (WORK_EMAIL_VALUE.test(path)) {
        state.emails = value === null ? [] : [{ value, type: 'work', primary: true }];
        return true;
      }
      return false;
  }
}

/**
 * Applies RFC 7644 PatchOp operations to a user's SCIM state. Returns the new state and the paths it ignored
 * (identity providers send attributes we do not keep, such as `title`; the caller logs them).
 */
export function patchScimUser(current: ScimUserInput, operations: readonly ScimPatchOperation[]): { state: ScimUserInput; ignored: string[] } {
  const state: Record<string, unknown> = structuredClone(current);
  const ignored: string[] = [];
  for (const { op, path, value } of operations) {
    const entries: Array<[string, unknown]> = path !== undefined ? [[path, op === 'remove' ? null : value]] : typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
    if (entries.length === 0) throw new ScimError(400, `A ${op} without a path needs an object value`, 'invalidSyntax');
    for (const [attribute, attributeValue] of entries) {
      try {
        if (!setAttribute(state, attribute.toLowerCase(), attributeValue)) ignored.push(attribute);
      } catch (err) {
        if (err instanceof ScimError) throw err;
        throw new ScimError(400, `Invalid value for ${attribute}`, 'invalidValue');
      }
    }
  }
  const parsed = scimUserSchema.safeParse(state);
  if (!parsed.success) throw new ScimError(400, `Invalid user after patch: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`, 'invalidValue');
  return { state: parsed.data, ignored };
}
