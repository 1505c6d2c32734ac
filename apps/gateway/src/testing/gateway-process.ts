import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const workspaceRoot = resolve(import.meta.dirname, '../../../..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface GatewayProcess {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM and wait for a clean exit (the shutdown sequence flushes spend). */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all, as an OOM kill. */
  kill(): Promise<void>;
}

/** A real gateway process (TypeScript through tsx), as a replica in a deployment would run. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
    cwd: workspaceRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json', LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_GRACE_MS: '5000', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway process exited with ${child.exitCode} during start`);
    try {
      if ((await fetch(`${url}/health/readiness`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('gateway process did not become ready in 20 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
