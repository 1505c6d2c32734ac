import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const workspaceRoot = resolve(import.meta.dirname, '../..');

export interface LauncherStack {
  baseUrl: string;
  /** Stops one service the launcher started, to see how the product reports it. */
  killService(name: 'gateway' | 'backend'): void;
  stop(): Promise<void>;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface LauncherOptions {
  /** Extra environment for the launcher and the services it starts (master key, config, flags). */
  env?: Record<string, string>;
}

/**
 * `npm start` as a user runs it (without the build step, which Nx ran before the suite). Each stack gets
 * its own embedded database and spend journal in a temporary folder (removed on stop), so specs never see
 * each other's rows nor wait on another stack's data-folder lock.
 */
export async function startLauncher(ports: { front: number; gateway: number; backend: number }, options: LauncherOptions = {}): Promise<LauncherStack> {
  for (const bundle of ['dist/apps/gateway/main.mjs', 'dist/apps/backend/main.mjs', 'apps/ui/out/index.html']) {
    if (!existsSync(resolve(workspaceRoot, bundle))) throw new Error(`${bundle} is missing: run the builds first (nx run e2e:test does)`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const launcher: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/launcher/src/main.ts', '--no-build'], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      FRONT_PORT: String(ports.front),
      GATEWAY_PORT: String(ports.gateway),
      BACKEND_PORT: String(ports.backend),
      LOG_LEVEL: 'warn',
      TSX_TSCONFIG_PATH: 'tsconfig.base.json',
      SWITCHBOARD_DATA_DIR: join(scratch, 'data'),
      EMBEDDED_DB_PORT: '0',
      SPEND_JOURNAL_DIR: join(scratch, 'spend-journal'),
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${ports.front}`;
  const stop = async () => {
    if (launcher.pid !== undefined && launcher.exitCode === null) {
      const exited = new Promise((r) => launcher.once('exit', r));
      process.kill(-launcher.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (launcher.exitCode === null) process.kill(-launcher.pid, 'SIGKILL');
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitFor(`${baseUrl}/health/liveliness`, 30_000);
    await waitFor(`${baseUrl}/.well-known/switchboard-ui-config`, 30_000);
  } catch (err) {
    // The caller never gets a handle to stop a stack that failed to come up: stop it here.
    await stop();
    throw err;
  }
  return {
    baseUrl,
    killService(name) {
      const pids = execFileSync('pgrep', ['-P', String(launcher.pid), '-f', `dist/apps/${name}/main.mjs`], { encoding: 'utf8' }).trim().split('\n');
      for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    },
    stop,
  };
}
