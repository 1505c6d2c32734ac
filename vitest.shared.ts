import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const workspaceRoot = dirname(fileURLToPath(import.meta.url));

/** Path aliases come from tsconfig.base.json so they are written once. */
function aliasesFromTsconfig(): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(resolve(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const aliases: Record<string, string> = {};
  for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (target) aliases[name] = resolve(workspaceRoot, target);
  }
  return aliases;
}

export function projectTestConfig(projectDir: string, overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    root: projectDir,
    resolve: { alias: aliasesFromTsconfig() },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 30_000,
      pool: 'forks',
      ...overrides,
    },
  });
}

export { workspaceRoot };
