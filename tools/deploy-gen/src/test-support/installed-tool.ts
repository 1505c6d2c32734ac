import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/** The first executable called `name` on PATH or in `extraDirs` (sbin is often off a non-root PATH). */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * A describe block that needs a real binary. Missing outside CI: the block is skipped with a visible
 * warning. Missing under CI=true: a failing test says what to install, so a CI run never passes by skipping.
 */
export function describeWithTool(
  title: string,
  tool: { path: string | undefined; name: string; install: string },
  body: (toolPath: string) => void,
): void {
  const toolPath = tool.path;
  if (toolPath) {
    describe(title, () => body(toolPath));
    return;
  }
  const message = `${tool.name} is not installed (${tool.install})`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it(`needs ${tool.name}`, () => {
        throw new Error(`${message}; CI=true, so this fails instead of skipping`);
      });
    });
    return;
  }
  console.warn(`\n⚠ SKIPPED "${title}": ${message}. Under CI=true this fails.\n`);
  describe.skip(title, () => body(''));
}
