import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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

/** `npm start` as a user runs it (without the build step, which Nx ran before the suite). */
export async function startLauncher(ports: { front: number; gateway: number; backend: number }): Promise<LauncherStack> {
  for (const bundle of ['dist/apps/gateway/main.mjs', 'dist/apps/backend/main.mjs', 'apps/ui/out/index.html']) {
    if (!existsSync(resolve(workspaceRoot, bundle))) throw new Error(`${bundle} is missing: run the builds first (nx run e2e:test does)`);
  }
  const launcher: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/launcher/src/main.ts', '--no-build'], {
    cwd: workspaceRoot,
    env: { ...process.env, FRONT_PORT: String(ports.front), GATEWAY_PORT: String(ports.gateway), BACKEND_PORT: String(ports.backend), LOG_LEVEL: 'warn', TSX_TSCONFIG_PATH: 'tsconfig.base.json' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${ports.front}`;
  await waitFor(`${baseUrl}/health/liveliness`, 30_000);
  await waitFor(`${baseUrl}/.well-known/switchboard-ui-config`, 30_000);
  return {
    baseUrl,
    killService(name) {
      const pids = execFileSync('pgrep', ['-P', String(launcher.pid), '-f', `dist/apps/${name}/main.mjs`], { encoding: 'utf8' }).trim().split('\n');
      for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    },
    async stop() {
      if (launcher.pid === undefined || launcher.exitCode !== null) return;
      const exited = new Promise((r) => launcher.once('exit', r));
      process.kill(-launcher.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (launcher.exitCode === null) process.kill(-launcher.pid, 'SIGKILL');
    },
  };
}
