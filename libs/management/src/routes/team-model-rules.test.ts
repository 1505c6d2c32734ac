import { describe, expect, it } from 'vitest';
import { adminGrantOf, assertTeamAdminMayAdd, assertTeamAdminMayRemove, metadataWithGrant, modelsAfterAdd, modelsAfterRemove, withAdminGrant } from './team-model-rules.ts';

const NO_GROUPS = new Map<string, string[]>();
const bounds = (organizationModels: string[] | undefined, adminGrant: string[] | undefined, accessGroups = NO_GROUPS) => ({ organizationModels, adminGrant, accessGroups });
const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return (error as { status?: number }).status;
  }
  return 'allowed';
};

describe('a team admin adding models', () => {
  it('may add what a restricting organization allows, and nothing else', () => {
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['b'], bounds(['a', 'b'], undefined)))).toBe('allowed');
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['c'], bounds(['a', 'b'], undefined)))).toBe(403);
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['openai/gpt-4o'], bounds(['openai/*'], undefined)))).toBe('allowed');
    // A wildcard is more than the one model the organization allows.
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['openai/*'], bounds(['openai/gpt-4o'], undefined)))).toBe(403);
  });

  it('gets nothing from an organization that does not restrict: that would let the team reach every model', () => {
    for (const organization of [[], ['all-proxy-models'], ['*'], undefined]) {
      expect(refusal(() => assertTeamAdminMayAdd(['a'], ['b'], bounds(organization, undefined))), String(organization)).toBe(403);
    }
  });

  it("may add back what a proxy admin granted the team", () => {
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['b'], bounds(undefined, ['a', 'b'])))).toBe('allowed');
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['b', 'c'], bounds(undefined, ['a', 'b'])))).toBe(403);
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['c'], bounds(['c'], ['a', 'b'])))).toBe('allowed');
  });

  it('never adds a name that lifts the restriction, whatever the grant', () => {
    for (const name of ['*', 'all-proxy-models', 'all-team-models']) {
      expect(refusal(() => assertTeamAdminMayAdd(['a'], [name], bounds([name], [])))).toBe(403);
    }
  });

  it('reads access groups on both sides', () => {
    const groups = new Map([['beta', ['beta-a', 'beta-b']]]);
    expect(refusal(() => assertTeamAdminMayAdd(['x'], ['beta-a'], bounds(['beta'], undefined, groups)))).toBe('allowed');
    expect(refusal(() => assertTeamAdminMayAdd(['x'], ['beta'], bounds(['beta-a', 'beta-b'], undefined, groups)))).toBe('allowed');
    expect(refusal(() => assertTeamAdminMayAdd(['x'], ['beta'], bounds(['beta-a'], undefined, groups)))).toBe(403);
  });

  it('needs no grant for a name already on the list', () => {
    expect(refusal(() => assertTeamAdminMayAdd(['a'], ['a'], bounds(undefined, undefined)))).toBe('allowed');
  });
});

describe('a team admin removing models', () => {
  it('may narrow the list but never leave it unrestricted', () => {
    expect(refusal(() => assertTeamAdminMayRemove(['a', 'b'], ['b']))).toBe('allowed');
    expect(refusal(() => assertTeamAdminMayRemove(['a'], []))).toBe(403);
    expect(refusal(() => assertTeamAdminMayRemove(['a', 'no-default-models'], ['no-default-models']))).toBe('allowed');
    // A list that already allowed everything loses nothing by dropping a name.
    expect(refusal(() => assertTeamAdminMayRemove(['all-proxy-models', 'a'], ['all-proxy-models']))).toBe('allowed');
  });
});

describe('team model lists and the admin grant', () => {
  it('adds without repeating and removes naming what was missing', () => {
    expect(modelsAfterAdd(['a', 'b'], ['b', 'c', 'c'])).toEqual(['a', 'b', 'c']);
    expect(modelsAfterRemove(['a', 'b'], ['b', 'z'])).toEqual({ models: ['a'], missing: ['z'] });
  });

  it('reads only a list of names as a grant', () => {
    expect(adminGrantOf({ admin_models: ['a'] })).toEqual(['a']);
    expect(adminGrantOf({ admin_models: 'a' })).toBeUndefined();
    expect(adminGrantOf({ admin_models: [1] })).toBeUndefined();
    expect(adminGrantOf(null)).toBeUndefined();
    expect(withAdminGrant({ team: 'x', admin_models: ['old'] }, ['a'])).toEqual({ team: 'x', admin_models: ['a'] });
  });

  it("follows an admin's models on /team/new and /team/update, and survives replaced metadata", () => {
    expect(metadataWithGrant(undefined, ['a'], undefined)).toEqual({ admin_models: ['a'] });
    expect(metadataWithGrant(undefined, undefined, { admin_models: ['a'] })).toBeUndefined();
    expect(metadataWithGrant({ note: 'n' }, undefined, { admin_models: ['a'], old: 1 })).toEqual({ note: 'n', admin_models: ['a'] });
    expect(metadataWithGrant(undefined, ['b'], { admin_models: ['a'], old: 1 })).toEqual({ admin_models: ['b'], old: 1 });
    expect(metadataWithGrant({ admin_models: ['z'] }, ['b'], undefined)).toEqual({ admin_models: ['z'] });
    expect(metadataWithGrant({ note: 'n' }, undefined, {})).toEqual({ note: 'n' });
  });
});
