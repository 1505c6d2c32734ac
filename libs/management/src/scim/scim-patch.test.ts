import { describe, expect, it } from 'vitest';
import { patchScimGroup } from './scim-group-resource.ts';
import { patchScimUser } from './scim-user-resource.ts';
import type { ScimUserInput } from './scim-schemas.ts';

const ada: ScimUserInput = { userName: 'ada', externalId: null, displayName: 'Ada', name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'ada@example.com', type: 'work', primary: true }], active: true };

describe('patchScimUser', () => {
  it("takes Entra ID's string booleans and capitalised ops, with and without a path", () => {
    expect(patchScimUser(ada, [{ op: 'replace', path: 'active', value: 'False' }]).state.active).toBe(false);
    expect(patchScimUser(ada, [{ op: 'replace', value: { active: false } }]).state.active).toBe(false);
    expect(patchScimUser(ada, [{ op: 'replace', value: { 'name.familyName': 'Byron' } }]).state.name).toEqual({ givenName: 'Ada', familyName: 'Byron' });
  });

  it('replaces emails, the work e-mail alone, and reports attributes it does not keep', () => {
    expect(patchScimUser(ada, [{ op: 'replace', path: 'emails', value: [{ value: 'new@example.com', type: 'work' }] }]).state.emails).toEqual([{ value: 'new@example.com', type: 'work' }]);
    const { state, ignored } = patchScimUser(ada, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@example.com' },
      { op: 'add', path: 'title', value: 'Countess' },
    ]);
    expect(state.emails?.[0]?.value).toBe('w@example.com');
    expect(ignored).toEqual(['title']);
  });

  it('refuses a changed userName and an invalid e-mail', () => {
    expect(() => patchScimUser(ada, [{ op: 'replace', path: 'userName', value: 'eve' }])).toThrow(/cannot change/);
    expect(() => patchScimUser(ada, [{ op: 'replace', path: 'emails', value: [{ value: 'not-an-email' }] }])).toThrow(/Invalid/);
  });
});

describe('patchScimGroup', () => {
  const group = { displayName: 'Eng', externalId: null, members: new Set(['ada', 'bob']) };

  it('adds, removes (by list, by filter, all) and replaces members', () => {
    expect([...patchScimGroup(group, [{ op: 'add', path: 'members', value: [{ value: 'eve' }] }]).state.members]).toEqual(['ada', 'bob', 'eve']);
    expect([...patchScimGroup(group, [{ op: 'remove', path: 'members', value: [{ value: 'ada' }] }]).state.members]).toEqual(['bob']);
    expect([...patchScimGroup(group, [{ op: 'remove', path: 'members[value eq "bob"]' }]).state.members]).toEqual(['ada']);
    expect([...patchScimGroup(group, [{ op: 'remove', path: 'members' }]).state.members]).toEqual([]);
    expect([...patchScimGroup(group, [{ op: 'replace', path: 'members', value: [{ value: 'eve' }] }]).state.members]).toEqual(['eve']);
    // The input state is left as it was.
    expect([...group.members]).toEqual(['ada', 'bob']);
  });

  it('renames with or without a path and refuses removing the name', () => {
    expect(patchScimGroup(group, [{ op: 'replace', value: { displayName: 'Platform' } }]).state.displayName).toBe('Platform');
    expect(patchScimGroup(group, [{ op: 'replace', path: 'displayName', value: 'Ops' }]).state.displayName).toBe('Ops');
    expect(() => patchScimGroup(group, [{ op: 'remove', path: 'displayName' }])).toThrow(/required/);
  });
});
