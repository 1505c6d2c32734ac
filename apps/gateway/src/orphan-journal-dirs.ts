import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SpendJournal } from '@switchboard/spend';

const WORKER_FOLDER = /^worker-(\d+)$/;

function workerFolders(base: string): { id: number; dir: string }[] {
  try {
    return readdirSync(base, { withFileTypes: true }).flatMap((entry) => {
      const match = entry.isDirectory() ? WORKER_FOLDER.exec(entry.name) : null;
      return match ? [{ id: Number(match[1]), dir: join(base, entry.name) }] : [];
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Spend journals no process of this layout will open: the base folder's own after a switch to workers, a
 * worker-N folder after a switch back to one process or to fewer workers. Rows a crash or a database outage
 * left in them would otherwise wait for ever. One process adopts them (the single process, or worker 1) and
 * replays them like its own; only folders that still hold segments are returned.
 */
export function orphanJournalDirs(base: string, workers: number, workerId: number | undefined): string[] {
  if (workerId !== undefined && workerId !== 1) return [];
  const orphans = workerFolders(base)
    .filter((folder) => workerId === undefined || folder.id > workers)
    .sort((a, b) => a.id - b.id)
    .map((folder) => folder.dir);
  if (workerId !== undefined) orphans.unshift(base);
  return orphans.filter((dir) => SpendJournal.hasSegments(dir));
}
