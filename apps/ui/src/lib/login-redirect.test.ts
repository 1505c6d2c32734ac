import { describe, expect, it } from 'vitest';
import { loginPath, safeNextPath } from './login-redirect.ts';

describe('safeNextPath', () => {
  it('keeps dashboard paths with their query', () => {
    expect(safeNextPath('/ui/keys/?id=abc')).toBe('/ui/keys/?id=abc');
    expect(safeNextPath('/ui/')).toBe('/ui/');
  });

  it('refuses anything that would leave the dashboard (open redirects)', () => {
    for (const next of [null, '', 'https://evil.example/ui/', '//evil.example/ui/', '/\\evil.example', '/ui/../v1/models', '/v1/models', 'ui/keys', '/uix/', '/ui/login/?next=/ui/']) {
      expect(safeNextPath(next), String(next)).toBe('/ui/');
    }
  });
});

describe('loginPath', () => {
  it('carries where the user was', () => {
    expect(loginPath('/ui/logs/?id=r1')).toBe('/ui/login/?next=%2Fui%2Flogs%2F%3Fid%3Dr1');
    expect(loginPath('/ui/')).toBe('/ui/login/');
    expect(loginPath()).toBe('/ui/login/');
  });
});
