// `npx nx run deploy-gen:generate`: rewrites the files generated from the route table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GENERATED_FILES } from './generated-files.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../..');

for (const file of GENERATED_FILES) {
  const target = resolve(workspaceRoot, file.path);
  const content = file.render();
  let current: string | undefined;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) {
    console.log(`unchanged ${file.path}`);
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote     ${file.path}`);
}
