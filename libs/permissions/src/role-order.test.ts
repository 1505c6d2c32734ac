import { describe, expect, it } from 'vitest';
import { roleDominates } from './role-order.ts';

describe('roleDominates', () => {
  it('orders proxy_admin above all and the viewers below their writers, leaving the two middle roles apart', () => {
    expect(roleDominates('proxy_admin', 'proxy_admin')).toBe(true);
    expect(roleDominates('proxy_admin', 'proxy_admin_viewer')).toBe(true);
    expect(roleDominates('proxy_admin', 'internal_user')).toBe(true);
    expect(roleDominates('internal_user', 'internal_user')).toBe(true);
    expect(roleDominates('internal_user', 'internal_user_viewer')).toBe(true);
    expect(roleDominates('proxy_admin_viewer', 'internal_user_viewer')).toBe(true);
    expect(roleDominates('internal_user', 'proxy_admin')).toBe(false);
    expect(roleDominates('internal_user', 'proxy_admin_viewer')).toBe(false);
    expect(roleDominates('proxy_admin_viewer', 'internal_user')).toBe(false);
    expect(roleDominates('internal_user_viewer', 'internal_user')).toBe(false);
  });
});
