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

/** A bare `require(...)` works in the bundles and under vitest, and throws under tsx (`npm start`): only loadOnUse may call it. */
describe('no bare require in the services\' source', () => {
  it('finds every require( call inside a loadOnUse thunk', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const root = resolve(import.meta.dirname, '../../..');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (name === 'node_modules' || name === 'testing') return [];
        if (statSync(path).isDirectory()) return walk(path);
        return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
      });
    const offenders = ['libs', 'apps']
      .flatMap((top) => readdirSync(join(root, top)).map((name) => join(root, top, name, 'src')))
      .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
      .flatMap(walk)
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line: i + 1, text: line })))
      .filter(({ text }) => !/^\s*(\*|\/\*)/.test(text) && /(^|[^\w.$])require\(\s*['"]/.test(text.replace(/\/\/.*$/, '')) && !/\(\) => require\(/.test(text))
      .map(({ file, line, text }) => `${file.slice(root.length + 1)}:${line}: ${text.trim()}`);
    expect(offenders).toEqual([]);
  });
});
