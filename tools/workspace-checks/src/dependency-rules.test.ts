import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDependencyRules, importsOf, loadWorkspace, type ProjectInfo } from './dependency-rules.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../..');

describe('the workspace keeps the dependency rules of STYLE.md', () => {
  it('has no violations', () => {
    const { projects, aliases, files } = loadWorkspace(workspaceRoot);
    expect(projects.map((p) => p.name)).toEqual(expect.arrayContaining(['gateway', 'backend', 'ui', 'route-allowlist', 'db-url']));
    expect(files.length).toBeGreaterThan(10);
    expect(checkDependencyRules(projects, aliases, files)).toEqual([]);
  });

  it('tags every project with a scope', () => {
    const { projects } = loadWorkspace(workspaceRoot);
    for (const project of projects) expect(project.tags.some((tag) => tag.startsWith('scope:')), project.name).toBe(true);
  });
});

describe('the checker itself', () => {
  const projects: ProjectInfo[] = [
    { name: 'gateway', root: 'apps/gateway', kind: 'app', tags: ['scope:gateway'] },
    { name: 'backend', root: 'apps/backend', kind: 'app', tags: ['scope:backend'] },
    { name: 'ui', root: 'apps/ui', kind: 'app', tags: ['scope:ui'] },
    { name: 'route-allowlist', root: 'libs/route-allowlist', kind: 'lib', tags: ['scope:shared', 'type:leaf'] },
    { name: 'db-url', root: 'libs/db-url', kind: 'lib', tags: ['scope:shared', 'type:leaf'] },
    { name: 'service-kit', root: 'libs/service-kit', kind: 'lib', tags: ['scope:server'] },
    { name: 'db', root: 'libs/db', kind: 'lib', tags: ['scope:server'] },
  ];
  const aliases = {
    '@switchboard/route-allowlist': 'libs/route-allowlist',
    '@switchboard/db-url': 'libs/db-url',
    '@switchboard/service-kit': 'libs/service-kit',
    '@switchboard/db': 'libs/db',
    '@switchboard/gateway': 'apps/gateway',
  };
  const check = (path: string, text: string) => checkDependencyRules(projects, aliases, [{ path, text }]).map((v) => v.rule);

  it('finds static, type and dynamic imports', () => {
    expect(importsOf("import a from 'x';\nimport type { B } from 'y';\nexport { c } from './z.ts';\nconst d = await import('w');").map((i) => [i.specifier, i.typeOnly])).toEqual([
      ['x', false],
      ['y', true],
      ['./z.ts', false],
      ['w', false],
    ]);
  });

  it('catches an app importing another app', () => {
    expect(check('apps/backend/src/x.ts', "import { a } from '../../gateway/src/app.ts';")).toHaveLength(1);
    expect(check('apps/backend/src/x.ts', "import { a } from '@switchboard/gateway';")).toEqual(['nothing may import an app']);
  });

  it('catches a leaf lib importing another lib', () => {
    expect(check('libs/db-url/src/x.ts', "import { a } from '@switchboard/route-allowlist';")[0]).toContain('leaf');
  });

  it('catches a lib importing an app', () => {
    expect(check('libs/service-kit/src/x.ts', "import { a } from '../../../apps/gateway/src/app.ts';")[0]).toContain('another project');
  });

  it('catches the UI importing server code', () => {
    expect(check('apps/ui/app/page.tsx', "import { a } from '@switchboard/service-kit';")).toEqual(['the UI shares types only, never server code']);
    expect(check('apps/ui/app/page.tsx', "import { a } from '@switchboard/route-allowlist';")).toEqual([]);
  });

  it('catches the driver used outside the data lib, but allows type imports', () => {
    expect(check('apps/gateway/src/x.ts', "import pg from 'pg';")).toEqual(['only the data lib touches the database driver and the ORM']);
    expect(check('apps/gateway/src/x.ts', "import { eq } from 'drizzle-orm/sql';")).toHaveLength(1);
    expect(check('libs/db-url/src/x.ts', "import type { PoolConfig } from 'pg';")).toEqual([]);
    expect(check('libs/db/src/x.ts', "import pg from 'pg';")).toEqual([]);
  });
});
