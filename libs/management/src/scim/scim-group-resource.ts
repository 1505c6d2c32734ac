import type { TeamMemberRecord, TeamRecord } from '@switchboard/db';
import { ScimError } from './scim-error.ts';
import { SCIM_GROUP_SCHEMA, scimMembers, type ScimPatchOperation } from './scim-schemas.ts';

/** Where a group's `externalId` lives in its team's metadata. */
export const SCIM_GROUP_EXTERNAL_ID = 'scim_external_id';

/** A team as a SCIM Group: id ↔ team_id, displayName ↔ team_alias, members ↔ team members (as in LiteLLM). */
export function scimGroupResource(team: TeamRecord, members: readonly TeamMemberRecord[]) {
  const externalId = team.metadata[SCIM_GROUP_EXTERNAL_ID];
  return {
    schemas: [SCIM_GROUP_SCHEMA],
    id: team.id,
    displayName: team.alias ?? team.id,
    ...(typeof externalId === 'string' ? { externalId } : {}),
    members: members.map((member) => ({ value: member.userId, display: member.userEmail ?? member.userId })),
    meta: { resourceType: 'Group', created: team.createdAt.toISOString(), lastModified: team.updatedAt.toISOString() },
  };
}

export interface ScimGroupState {
  displayName: string;
  externalId: string | null;
  /** User ids. */
  members: Set<string>;
}

const MEMBER_SELECTOR = /^members\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i;

function memberIds(value: unknown): string[] {
  const parsed = scimMembers.safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success) throw new ScimError(400, 'members must be a list of { value: <user id> }', 'invalidValue');
  return parsed.data.map((member) => member.value);
}

function textValue(value: unknown, attribute: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 320) throw new ScimError(400, `${attribute} must be a non-empty string`, 'invalidValue');
  return value;
}

/** Applies one attribute of a PATCH (path lower-cased); false when the group keeps no such attribute. */
function patchAttribute(state: ScimGroupState, op: ScimPatchOperation['op'], path: string, value: unknown): boolean {
  const selected = MEMBER_SELECTOR.exec(path);
  if (selected) {
    if (op !== 'remove') throw new ScimError(400, 'Only remove may name one member by filter', 'invalidPath');
    state.members.delete((selected[1] ?? '').replace(/\\(.)/g, '$1'));
    return true;
  }
  switch (path.toLowerCase()) {
    case 'members':
      if (op === 'replace') state.members = new Set(value == null ? [] : memberIds(value));
      else if (op === 'add') for (const id of memberIds(value)) state.members.add(id);
      else if (value == null) state.members.clear();
      else for (const id of memberIds(value)) state.members.delete(id);
      return true;
    case 'displayname':
      if (op === 'remove') throw new ScimError(400, 'displayName is required', 'mutability');
      state.displayName = textValue(value, 'displayName');
      return true;
    case 'externalid':
      state.externalId = op === 'remove' || value == null ? null : textValue(value, 'externalId');
      return true;
    default:
      return false;
  }
}

/** Applies RFC 7644 PatchOp operations to a group; returns the paths it ignored for the caller to log. */
export function patchScimGroup(current: ScimGroupState, operations: readonly ScimPatchOperation[]): { state: ScimGroupState; ignored: string[] } {
  const state: ScimGroupState = { ...current, members: new Set(current.members) };
  const ignored: string[] = [];
  for (const { op, path, value } of operations) {
    if (path !== undefined) {
      if (!patchAttribute(state, op, path, value)) ignored.push(path);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScimError(400, `A ${op} without a path needs an object value`, 'invalidSyntax');
    for (const [attribute, attributeValue] of Object.entries(value)) if (!patchAttribute(state, op, attribute, attributeValue)) ignored.push(attribute);
  }
  return { state, ignored };
}
