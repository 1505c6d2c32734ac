import { describe, expect, it } from 'vitest';
import { HttpError } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { authorize } from './authorize.ts';

describe('authorize', () => {
  it('authorize turns none into a 403 and returns the scope otherwise', () => {
    const viewer: Caller = { via: 'key', role: 'internal_user_viewer', actor: 'u' };
    expect(() => authorize(viewer, 'key:create')).toThrow(HttpError);
    expect(authorize(viewer, 'key:read')).toBe('own');
    expect(authorize({ via: 'master_key', role: 'proxy_admin', actor: 'master_key' }, 'key:block')).toBe('all');
  });
});
