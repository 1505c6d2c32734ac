import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Another live process (or another owner in this one) holds the folder. */
export class FolderLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
    what: string,
    remedy: string,
  ) {
    super(`${what} is in use by another process (PID ${pid}, lock file ${lockFile}): ${remedy}`);
    this.name = 'FolderLockedError';
  }
}

/** What the error says: the folder's role, and what the operator can do about it. */
export interface FolderLockPurpose {
  what: string;
  remedy: string;
}

/** Lock files this process holds: a holder with our own PID that is not one of them was an earlier process. */
const held = new Set<string>();

const holderSchema = z.object({ pid: z.number().int().positive(), startedAt: z.string() });
/** A lock file without readable content is only trusted this long: its writer may still be writing it. */
const UNREADABLE_GRACE_MS = 5_000;
const TAKEOVER_GUARD_STALE_MS = 10_000;
const ATTEMPTS = 50;

function isAlive(pid: number, lockFile: string): boolean {
  // Our own PID on a lock we never took: a process before us had it (containers reuse PIDs on restart).
  if (pid === process.pid) return held.has(lockFile);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, which still means the folder is in use.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function readHolder(lockFile: string): { pid: number } | undefined {
  try {
    return holderSchema.parse(JSON.parse(readFileSync(lockFile, 'utf8')));
  } catch {
    return undefined;
  }
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function isErrno(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === code;
}

/**
 * Removes a lock whose holder is gone. Two launchers may find the same stale lock at once, so the
 * takeover itself runs under a second, short-lived guard file and re-checks the lock before removing it.
 */
function removeIfStale(lockFile: string, stalePid: number | undefined): void {
  const guard = `${lockFile}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
    if (ageMs(guard) > TAKEOVER_GUARD_STALE_MS) unlinkSync(guard);
    else pause(50);
    return;
  }
  try {
    const holder = readHolder(lockFile);
    if (holder?.pid === stalePid) unlinkSync(lockFile);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  } finally {
    closeSync(fd);
    unlinkSync(guard);
  }
}

/**
 * Takes `lockFile` for this process, or throws FolderLockedError naming the PID that has it. A lock left
 * by a process that no longer exists is taken over. The lock is released by the returned function, and on
 * process exit in any case. Within one process a lock file has one owner at a time, too.
 */
export function acquireFolderLock(path: string, purpose: FolderLockPurpose): () => void {
  const lockFile = resolve(path);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
      const holder = readHolder(lockFile);
      if (holder && isAlive(holder.pid, lockFile)) throw new FolderLockedError(lockFile, holder.pid, purpose.what, purpose.remedy);
      if (!holder && ageMs(lockFile) < UNREADABLE_GRACE_MS) {
        pause(100);
        continue;
      }
      removeIfStale(lockFile, holder?.pid);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    } finally {
      closeSync(fd);
    }
    held.add(lockFile);
    const release = () => {
      process.off('exit', release);
      if (!held.delete(lockFile) || readHolder(lockFile)?.pid !== process.pid) return;
      try {
        unlinkSync(lockFile);
      } catch {
        // already gone
      }
    };
    process.on('exit', release);
    return release;
  }
  throw new Error(`could not take the lock file ${lockFile}`);
}
