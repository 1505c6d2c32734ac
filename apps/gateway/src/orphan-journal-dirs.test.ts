import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { orphanJournalDirs } from './orphan-journal-dirs.ts';

function layout(folders: Record<string, boolean>): string {
  const base = mkdtempSync(join(tmpdir(), 'sb-orphans-'));
  for (const [folder, withSegment] of Object.entries(folders)) {
    const dir = folder === '.' ? base : join(base, folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.lock'), '{}');
    if (withSegment) writeFileSync(join(dir, '001764835200000-123-0.jsonl'), '{}\n');
  }
  return base;
}

it('a single process adopts every worker folder that still holds rows', () => {
  const base = layout({ '.': true, 'worker-1': true, 'worker-2': false, 'worker-3': true, 'not-a-worker': true });
  expect(orphanJournalDirs(base, 1, undefined)).toEqual([join(base, 'worker-1'), join(base, 'worker-3')]);
});

it('worker 1 adopts the base folder and the folders of workers beyond the count; the others adopt nothing', () => {
  const base = layout({ '.': true, 'worker-1': true, 'worker-2': true, 'worker-3': true });
  expect(orphanJournalDirs(base, 2, 1)).toEqual([base, join(base, 'worker-3')]);
  expect(orphanJournalDirs(base, 2, 2)).toEqual([]);
  expect(orphanJournalDirs(base, 3, 1)).toEqual([base]);
});

it('finds nothing where there is no journal yet', () => {
  expect(orphanJournalDirs(join(tmpdir(), 'sb-orphans-missing-folder'), 2, 1)).toEqual([]);
});
