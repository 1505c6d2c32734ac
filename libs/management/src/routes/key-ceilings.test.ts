import { describe, expect, it } from 'vitest';
import { boundByCeilings, type Ceiling } from './key-ceilings.ts';

const user: Ceiling = { label: 'your user', models: ['gpt-4o'], maxBudget: '10', rpmLimit: 100, tpmLimit: null, maxParallelRequests: null };
const key: Ceiling = { label: 'the key you called with', models: [], maxBudget: null, rpmLimit: null, tpmLimit: null, maxParallelRequests: 2, allowedRoutes: ['/v1/chat/completions'], expiresAt: new Date('2030-01-01') };

describe('boundByCeilings', () => {
  it('fills what a new key leaves out from the ceilings', () => {
    expect(boundByCeilings({}, [user, key], { isNew: true })).toEqual({
      models: ['gpt-4o'],
      maxBudget: '10',
      rpmLimit: 100,
      maxParallelRequests: 2,
      allowedRoutes: ['/v1/chat/completions'],
      expiresAt: new Date('2030-01-01'),
    });
  });

  it.each([
    [{ models: ['gpt-4o', 'o1'] }, 'models'],
    [{ maxBudget: '10.01' }, 'max_budget'],
    [{ rpmLimit: 101 }, 'rpm_limit'],
    [{ maxParallelRequests: 3 }, 'max_parallel_requests'],
    [{ allowedRoutes: ['/key/generate'] }, 'allowed_routes'],
    [{ expiresAt: new Date('2031-01-01') }, 'outlive'],
  ])('refuses a stronger key: %o', (requested, message) => {
    expect(() => boundByCeilings({ models: ['gpt-4o'], ...requested }, [user, key], { isNew: true })).toThrow(message);
  });

  it('lets an update leave fields alone and lower them', () => {
    expect(boundByCeilings({ maxBudget: '5' }, [user], { isNew: false })).toEqual({ maxBudget: '5' });
    expect(() => boundByCeilings({ maxBudget: null }, [user], { isNew: false })).not.toThrow();
    expect(boundByCeilings({ maxBudget: null }, [user], { isNew: false }).maxBudget).toBe('10');
    // An empty list means "all models": a new key inherits the ceiling's list, an update may not widen to it.
    expect(boundByCeilings({ models: [] }, [user], { isNew: true }).models).toEqual(['gpt-4o']);
    expect(() => boundByCeilings({ models: [] }, [user], { isNew: false })).toThrow('models');
  });
});
