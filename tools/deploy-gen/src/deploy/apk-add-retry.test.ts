import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from './workspace.ts';

/** The very file every Dockerfile copies to /tmp/apk-add-retry.sh and runs (dockerfiles.test.ts checks that). */
const SCRIPT = resolve(workspaceRoot, 'docker/apk-add-retry.sh');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the loop under `sh` with a stub `apk` that fails `failures` times and then succeeds, and a stub
 * `sleep` that returns at once; both log their arguments.
 */
function runWithFailingApk(failures: number, packages: string[] = ['nodejs', 'npm']) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-apk-retry-'));
  dirs.push(dir);
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub(
    'apk',
    `echo "$*" >> "${dir}/apk.log"
count=$(wc -l < "${dir}/apk.log")
if [ "$count" -le ${failures} ]; then echo "ERROR: unable to select packages (stub failure $count)" >&2; exit 1; fi
exit 0`,
  );
  stub('sleep', `echo "$*" >> "${dir}/sleep.log"`);
  const log = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return new Promise<{ code: number; stderr: string; apkCalls: string[]; sleepCalls: string[] }>((done) => {
    execFile('sh', [SCRIPT, ...packages], { env: { PATH: `${dir}:/usr/bin:/bin` } }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stderr, apkCalls: log('apk.log'), sleepCalls: log('sleep.log') });
    });
  });
}

describe('docker/apk-add-retry.sh, executed for real', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 1],
  ])('apk failing %i time(s) exits %i', async (failures, expectedCode) => {
    const result = await runWithFailingApk(failures);
    expect(result.code).toBe(expectedCode);
    expect(result.apkCalls).toEqual(Array(Math.min(failures + 1, 3)).fill('add --no-cache nodejs npm'));
    // A 5 s pause between attempts, none after the last.
    expect(result.sleepCalls).toEqual(Array(Math.min(failures, 2)).fill('5'));
    if (expectedCode === 0) expect(result.stderr).not.toMatch(/giving up/);
  });

  it('says clearly on stderr that it gave up after the last attempt', async () => {
    const result = await runWithFailingApk(3, ['nginx']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("apk-add-retry: 'apk add --no-cache nginx' failed 3 times; giving up");
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/giving up$/);
  });

  it('refuses to run without packages', async () => {
    const result = await runWithFailingApk(0, []);
    expect(result.code).toBe(2);
    expect(result.apkCalls).toEqual([]);
  });
});
