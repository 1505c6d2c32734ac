import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireFolderLock, FolderLockedError } from './folder-lock.ts';

const purpose = { what: 'the test folder', remedy: 'use another one' };
const lockIn = () => join(mkdtempSync(join(tmpdir(), 'sb-lock-')), '.lock');
const holderOf = (lockFile: string) => JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; startedAt: string };

describe('acquireFolderLock', () => {
  it('has one owner at a time, in this process too, and frees the folder on release', () => {
    const lockFile = lockIn();
    const release = acquireFolderLock(lockFile, purpose);
    expect(holderOf(lockFile).pid).toBe(process.pid);
    expect(() => acquireFolderLock(lockFile, purpose)).toThrow(FolderLockedError);
    expect(() => acquireFolderLock(lockFile, purpose)).toThrow(`the test folder is in use by another process (PID ${process.pid}, lock file ${lockFile}): use another one`);
    release();
    expect(existsSync(lockFile)).toBe(false);
    acquireFolderLock(lockFile, purpose)();
  });

  it('refuses a folder a live process holds', async () => {
    const lockFile = lockIn();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(lockFile, JSON.stringify({ pid: other.pid, startedAt: new Date().toISOString() }));
      expect(() => acquireFolderLock(lockFile, purpose)).toThrow(`PID ${other.pid}`);
      expect(holderOf(lockFile).pid).toBe(other.pid);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that is gone', () => {
    const lockFile = lockIn();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockFile, JSON.stringify({ pid: Number(dead.stdout), startedAt: '2020-01-01T00:00:00.000Z' }));
    const release = acquireFolderLock(lockFile, purpose);
    expect(holderOf(lockFile).pid).toBe(process.pid);
    release();
  });

  it('takes over a lock with its own PID that it never took (a restarted container reuses PIDs)', () => {
    const lockFile = lockIn();
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, startedAt: '2020-01-01T00:00:00.000Z' }));
    const release = acquireFolderLock(lockFile, purpose);
    expect(holderOf(lockFile).startedAt).not.toBe('2020-01-01T00:00:00.000Z');
    release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('leaves a lock alone that another process took after ours was released', () => {
    const lockFile = lockIn();
    const release = acquireFolderLock(lockFile, purpose);
    release();
    writeFileSync(lockFile, JSON.stringify({ pid: 1, startedAt: new Date().toISOString() }));
    release();
    expect(holderOf(lockFile).pid).toBe(1);
  });
});
