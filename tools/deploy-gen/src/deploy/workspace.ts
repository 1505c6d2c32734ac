import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const workspaceRoot = resolve(import.meta.dirname, '../../../..');

export const readWorkspaceFile = (path: string) => readFileSync(resolve(workspaceRoot, path), 'utf8');
