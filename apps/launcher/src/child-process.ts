import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

export interface ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code once the child has exited. */
  readonly exited: Promise<number | null>;
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts one service as a child in its own process group, so stopping it also stops anything it spawned
 * (a bare SIGINT would leave tsx or next children behind).
 */
export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logger: Logger): ManagedChild {
  const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      logger.info({ child: name, code, signal }, `${name} exited`);
      resolve(code);
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    name,
    process: child,
    exited,
    async stop(timeoutMs = 10_000) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}
