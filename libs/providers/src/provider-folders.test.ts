import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Provider folders sit side by side: one never imports another, so a change to one provider cannot
 * break another through a file it happened to borrow. What several adapters share lives in folders
 * named for what it is, and those import no provider folder in turn.
 */

const SRC = import.meta.dirname;

/** Folders of code every adapter may use. A new top-level folder must be added here or be a provider's. */
const SHARED_FOLDERS = new Set([
  '__fixtures__', // recorded upstream responses
  'deployment', // resolveDeployment: a deployment's API base and required settings
  'errors', // HTTP status → error kind, Retry-After, message scrubbing
  'google-generative', // Google's generateContent API, shared by gemini and vertex
  'http', // the upstream client, SSE reader, secret masking
  'json-mode', // JSON mode as a forced tool call
  'openai-wire', // the OpenAI wire format every adapter translates to and from
  'params', // dropping unsupported params, rename tables
  'testing', // the fake upstream and test helpers
  'tokens', // local token counts
]);

/** Top-level files that gather the provider folders: importing them from a folder would cross the boundary too. */
const GATHERING_FILES = new Set(['registry.ts', 'index.ts']);

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folder of `path` under `root`, or undefined for a file directly in `root`. */
function folderOf(root: string, path: string): string | undefined {
  const parts = relative(root, path).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Provider folders are the ones the registry takes adapters from. */
function providerFolders(root: string): Set<string> {
  const registry = join(root, 'registry.ts');
  const folders = [...readFileSync(registry, 'utf8').matchAll(IMPORT)].map((match) => folderOf(root, resolve(root, match[1] ?? '')));
  return new Set(folders.filter((folder): folder is string => folder !== undefined));
}

interface Violation {
  file: string;
  imports: string;
}

/** Every import that crosses from one provider folder into another, or from a shared folder into a provider's. */
function boundaryViolations(root: string, providers: ReadonlySet<string>): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(root)) {
    const from = folderOf(root, file);
    if (from === undefined) continue; // registry.ts and index.ts gather the providers: that is their job
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), match[1] ?? '');
      const to = folderOf(root, target);
      const crosses = to === undefined ? GATHERING_FILES.has(relative(root, target)) : to !== from && providers.has(to);
      if (crosses) violations.push({ file: relative(root, file), imports: relative(root, target) });
    }
  }
  return violations;
}

describe('provider folders', () => {
  const providers = providerFolders(SRC);

  it('finds the provider folders from the registry', () => {
    expect([...providers].sort()).toEqual(['anthropic', 'azure', 'bedrock', 'cohere', 'gemini', 'mock', 'openai', 'openai-compatible', 'vertex']);
  });

  it('classifies every top-level folder as a provider folder or a shared one', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const unclassified = folders.filter((folder) => !providers.has(folder) && !SHARED_FOLDERS.has(folder));
    const both = folders.filter((folder) => providers.has(folder) && SHARED_FOLDERS.has(folder));
    expect({ unclassified, both }).toEqual({ unclassified: [], both: [] });
  });

  it('has no provider folder importing another, and no shared folder importing a provider', () => {
    expect(boundaryViolations(SRC, providers)).toEqual([]);
  });

  describe('the check itself', () => {
    const root = mkdtempSync(join(tmpdir(), 'provider-folders-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    function write(path: string, text: string): void {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }

    it('reports a provider importing another provider, a shared folder importing a provider, and the registry from a folder', () => {
      write('registry.ts', "import { a } from './alpha/alpha-adapter.ts';\nimport { b } from './beta/beta-adapter.ts';\n");
      write('provider.ts', 'export type P = 1;\n');
      write('alpha/alpha-adapter.ts', "import type { P } from '../provider.ts';\nimport { x } from './alpha-x.ts';\nimport { y } from '../wire/y.ts';\n");
      write('alpha/alpha-x.ts', 'export const x = 1;\n');
      write('beta/beta-adapter.ts', "import { x } from '../alpha/alpha-x.ts';\nexport const lazy = () => import('../registry.ts');\n");
      write('wire/y.ts', "export { b } from '../beta/beta-adapter.ts';\n");

      const providers = providerFolders(root);
      expect([...providers].sort()).toEqual(['alpha', 'beta']);
      expect(boundaryViolations(root, providers)).toEqual([
        { file: join('beta', 'beta-adapter.ts'), imports: join('alpha', 'alpha-x.ts') },
        { file: join('beta', 'beta-adapter.ts'), imports: 'registry.ts' },
        { file: join('wire', 'y.ts'), imports: join('beta', 'beta-adapter.ts') },
      ]);
    });
  });
});
