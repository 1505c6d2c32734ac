import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';
import { GENERATED_FILES } from './generated-files.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../..');

describe('files generated from the route table are committed as generated', () => {
  it.each(GENERATED_FILES.map((file) => [file.path, file] as const))('%s', (_path, file) => {
    let committed: string;
    try {
      committed = readFileSync(resolve(workspaceRoot, file.path), 'utf8');
    } catch {
      throw new Error(`${file.path} is missing: run npx nx run deploy-gen:generate`);
    }
    // One clear instruction instead of a diff of hundreds of lines.
    if (committed !== file.render()) {
      throw new Error(`${file.path} is out of date with libs/route-allowlist: run npx nx run deploy-gen:generate`);
    }
  });
});
