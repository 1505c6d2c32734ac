import { describe, expect, it } from 'vitest';
import { effectiveMemberPermissions, isTeamMemberPermission, TEAM_MEMBER_BASELINE } from './team-member-permissions.ts';

describe('team member permissions', () => {
  it('gives every member the baseline, whether the team granted nothing, an empty list or more', () => {
    expect(effectiveMemberPermissions(null)).toEqual([...TEAM_MEMBER_BASELINE]);
    expect(effectiveMemberPermissions([])).toEqual([...TEAM_MEMBER_BASELINE]);
    expect(effectiveMemberPermissions(['/key/generate'])).toEqual(['/key/generate', '/key/info', '/key/health']);
  });

  it('grants nothing for a name that is not a key route it knows', () => {
    expect(effectiveMemberPermissions(['/key/block', '/team/update', '*'])).toEqual([...TEAM_MEMBER_BASELINE]);
    expect(isTeamMemberPermission('/key/update')).toBe(true);
    expect(isTeamMemberPermission('/key/block')).toBe(false);
  });
});
