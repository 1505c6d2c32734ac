import { describe, expect, it } from 'vitest';
import { ownerOfScopeId, scopeIdOf } from './scope-owner.ts';

describe('scope ids', () => {
  it('round-trips an owner, ids with colons included, and refuses ids it did not make', () => {
    expect(scopeIdOf({ entity: 'team', id: 't-1' })).toBe('team:t-1');
    expect(ownerOfScopeId('end_user:alice@team/t:1')).toEqual({ entity: 'end_user', id: 'alice@team/t:1' });
    expect(ownerOfScopeId('deployment:x')).toBeUndefined();
    expect(ownerOfScopeId('nocolon')).toBeUndefined();
  });
});
