import { describe, expect, it } from 'vitest';
import type { EndUserTenant } from '@switchboard/db';
import { EndUserLimitCache } from './end-user-limits.ts';
import { endUserScopeId, endUserTenantOf } from './end-user-tenant.ts';

const limits = { maxBudget: '1', softBudget: null, budgetResetAt: null, rpmLimit: 2, tpmLimit: null, maxParallelRequests: null };

describe('endUserTenantOf', () => {
  it('reads the user field in the team, else the organization, else the owner, else the key namespace', () => {
    expect(endUserTenantOf({ kind: 'virtual_key', keyHash: 'k', userId: 'u', organizationId: 'o', teamId: 't' })).toEqual({ kind: 'team', id: 't' });
    expect(endUserTenantOf({ kind: 'virtual_key', keyHash: 'k', userId: 'u', organizationId: 'o' })).toEqual({ kind: 'organization', id: 'o' });
    expect(endUserTenantOf({ kind: 'virtual_key', keyHash: 'k', userId: 'u' })).toEqual({ kind: 'user', id: 'u' });
    expect(endUserTenantOf({ kind: 'master', keyHash: 'm' })).toEqual({ kind: 'key', id: 'm' });
    expect(endUserTenantOf({ kind: 'virtual_key', keyHash: 'old', budgetKeyHash: 'new' })).toEqual({ kind: 'key', id: 'new' });
    expect(endUserTenantOf(undefined)).toEqual({ kind: 'key', id: 'anonymous' });
  });

  it('gives every (end user, tenant) pair its own counter id, even with separators inside the ids', () => {
    const team = (id: string): EndUserTenant => ({ kind: 'team', id });
    expect(endUserScopeId('alice', team('t1'))).toBe('end_user:alice@team/t1');
    expect(endUserScopeId('alice', team('t1'))).not.toBe(endUserScopeId('alice', team('t2')));
    expect(endUserScopeId('a@team/b', team('c'))).not.toBe(endUserScopeId('a', team('b@team/c')));
    expect(endUserScopeId('a', team('b:c'))).not.toContain('b:c');
  });
});

describe('EndUserLimitCache', () => {
  function cache(spendByTenant: Record<string, string> = {}) {
    const calls = { customers: 0, spends: 0 };
    const endUsers = new EndUserLimitCache({
      loadCustomerLimits: async (id) => (calls.customers++, id === 'alice' ? limits : undefined),
      loadTenantSpend: async (_id, tenant) => (calls.spends++, spendByTenant[tenant.id] ?? '0'),
    });
    return { endUsers, calls };
  }

  it("applies the customer's budget and rpm to each tenant on its own counter, seeded with that tenant's spend", async () => {
    const { endUsers } = cache({ t1: '0.75' });
    const first = await endUsers.get({ kind: 'team', id: 't1' }, 'alice');
    const second = await endUsers.get({ kind: 'team', id: 't2' }, 'alice');
    expect(first).toEqual({ rate: { id: 'end_user:alice@team/t1', rpm: 2 }, budget: { owner: { entity: 'end_user', id: 'alice@team/t1' }, scopeId: 'end_user:alice@team/t1:total', maxNano: 1e9, spentNano: 0.75e9 } });
    expect(second?.budget).toEqual({ owner: { entity: 'end_user', id: 'alice@team/t2' }, scopeId: 'end_user:alice@team/t2:total', maxNano: 1e9, spentNano: 0 });
  });

  it('has nothing to count for an end user no admin set limits for', async () => {
    expect(await cache().endUsers.get({ kind: 'team', id: 't1' }, 'bob')).toBeUndefined();
  });

  it('answers repeated requests from its caches, without a database query', async () => {
    const { endUsers, calls } = cache();
    for (let i = 0; i < 5; i++) {
      await endUsers.get({ kind: 'team', id: 't1' }, 'alice');
      await endUsers.get({ kind: 'team', id: 't1' }, 'bob');
    }
    expect(calls).toEqual({ customers: 2, spends: 1 });
    endUsers.clear();
    await endUsers.get({ kind: 'team', id: 't1' }, 'alice');
    expect(calls).toEqual({ customers: 3, spends: 1 });
  });

  it("seeds a periodic budget with the current period's spend only, and a new period's counter afresh", async () => {
    const seen: (string | undefined)[] = [];
    let resetAt = new Date('2026-06-02T00:00:00Z');
    const endUsers = new EndUserLimitCache({
      loadCustomerLimits: async () => ({ maxBudget: '1', budgetDuration: '1d', budgetResetAt: resetAt }),
      loadTenantSpend: async (_id, _tenant, since) => (seen.push(since?.toISOString()), since?.toISOString() === '2026-06-01T00:00:00.000Z' ? '0.9' : '0'),
    });
    const first = await endUsers.get({ kind: 'team', id: 't1' }, 'alice');
    expect(first?.budget).toMatchObject({ scopeId: `end_user:alice@team/t1:${resetAt.getTime()}`, spentNano: 0.9e9 });
    // The budget row's reset: the next period is a new counter, seeded from its own start, not the last period's seed.
    resetAt = new Date('2026-06-03T00:00:00Z');
    endUsers.clear();
    const next = await endUsers.get({ kind: 'team', id: 't1' }, 'alice');
    expect(next?.budget).toMatchObject({ scopeId: `end_user:alice@team/t1:${resetAt.getTime()}`, spentNano: 0 });
    expect(seen).toEqual(['2026-06-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z']);
  });
});
