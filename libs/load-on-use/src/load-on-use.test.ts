import { describe, expect, it } from 'vitest';
import { loadOnUse } from './load-on-use.ts';

describe('loadOnUse', () => {
  it('loads a package by its id and gives back its exports', () => {
    const yaml = loadOnUse<typeof import('yaml')>(() => require('yaml'), 'yaml');
    expect(yaml.parse('a: 1')).toEqual({ a: 1 });
  });

  it('throws for a package that is not installed, naming it', () => {
    expect(() => loadOnUse(() => require('switchboard-no-such-package'), 'switchboard-no-such-package')).toThrow(/switchboard-no-such-package/);
  });
});
