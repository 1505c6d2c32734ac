import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

export interface RestartBackoff {
  /** Delay before the first restart after a crash. */
  initialMs: number;
  /** Delays double per crash up to this. */
  maxMs: number;
  /** A worker that lived this long before crashing restarts after `initialMs` again. */
  resetAfterMs: number;
}

export interface WorkerPoolOptions {
  count: number;
  logger: Logger;
  /** Environment added for worker `id` (1 to count): its id, its own folders. A restart gets the same. */
  envOf: (id: number) => Record<string, string>;
  /** How long a stop waits for every worker to exit before killing the rest (drain + grace + final flush). */
  stopTimeoutMs: number;
  /** Signals that stop the pool (forwarded to the workers as SIGTERM); the process exits after them. */
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
  restartBackoff?: RestartBackoff;
  /** Messages a worker sends over the IPC channel (process.send). */
  onMessage?: (workerId: number, message: unknown) => void;
  /** A worker exited (crashed, or stopped): pending exchanges with it will get no answer. */
  onWorkerExit?: (workerId: number) => void;
}

export interface PoolWorker {
  readonly id: number;
  readonly pid: number | undefined;
  send(message: unknown): void;
}

export interface WorkerPool {
  /** Resolves once every worker listens; rejects, after stopping the others, when one exits before that. */
  readonly started: Promise<void>;
  /** Workers that reported ready (reportWorkerReady): a starting, restarting or exited one is left out. */
  ready(): PoolWorker[];
  worker(id: number): PoolWorker | undefined;
  /** Crashed workers restarted since the start. */
  readonly restarts: number;
  /** SIGTERM to every worker, then wait (bounded) for all to exit; resolves with the exit code to use. */
  stop(reason: string): Promise<number>;
}

interface Slot {
  id: number;
  worker?: Worker;
  ready: boolean;
  startedAt: number;
  crashes: number;
  restartTimer?: NodeJS.Timeout;
}

/** What a worker sends once it serves with its shutdown installed (see reportWorkerReady). */
const WORKER_READY = 'switchboard:worker-ready';

/**
 * Tells the primary this worker is ready: listening, and with its signal handlers installed. Node's own
 * `listening` event comes before run-service installs them, and a SIGTERM in between would kill the worker
 * without its shutdown. No-op outside a cluster worker.
 */
export function reportWorkerReady(): void {
  if (cluster.isWorker) process.send?.({ type: WORKER_READY });
}

const isReadyMessage = (message: unknown) => typeof message === 'object' && message !== null && (message as { type?: unknown }).type === WORKER_READY;

const DEFAULT_BACKOFF: RestartBackoff = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };

const asPoolWorker = (slot: Slot, worker: Worker): PoolWorker => ({
  id: slot.id,
  pid: worker.process.pid,
  send: (message) => {
    // A worker between its exit and our exit handler has no channel; its exchange times out instead.
    if (worker.isConnected()) worker.send(message as Parameters<Worker['send']>[0]);
  },
});

/**
 * Runs `count` copies of this script as node:cluster workers sharing the listening port (the primary
 * accepts connections and hands them out round-robin). Each worker calls reportWorkerReady once it serves.
 * `started` resolves once every worker is ready, and
 * rejects, after stopping the others, when one exits before that (a startup error stops the whole start,
 * as it does for a single process). Afterwards a crashed worker is restarted with backoff, and a stop
 * signal drains them all.
 */
export function runWorkers(options: WorkerPoolOptions): WorkerPool {
  const { logger, count } = options;
  const backoff = options.restartBackoff ?? DEFAULT_BACKOFF;
  const slots = Array.from({ length: count }, (_, i): Slot => ({ id: i + 1, ready: false, startedAt: 0, crashes: 0 }));
  let restarts = 0;
  let stopping: Promise<number> | undefined;
  let failed = false;
  let onAllReady: (() => void) | undefined;
  let onStartFailed: ((error: Error) => void) | undefined;
  const exits = new Map<number, { code: number | null; signal: string | null }>();
  let onAllExited: (() => void) | undefined;

  const fork = (slot: Slot) => {
    slot.restartTimer = undefined;
    slot.ready = false;
    slot.startedAt = Date.now();
    const worker = cluster.fork(options.envOf(slot.id));
    slot.worker = worker;
    worker.on('message', (message: unknown) => {
      if (!isReadyMessage(message)) return options.onMessage?.(slot.id, message);
      slot.ready = true;
      logger.info({ worker: slot.id, pid: worker.process.pid }, 'gateway worker ready');
      if (slots.every((s) => s.ready)) onAllReady?.();
    });
    worker.on('exit', (code, signal) => exited(slot, worker, code, signal));
  };

  const exited = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    slot.ready = false;
    if (slot.worker === worker) slot.worker = undefined;
    options.onWorkerExit?.(slot.id);
    if (stopping || failed) {
      exits.set(slot.id, { code, signal });
      if (slots.every((s) => !s.worker)) onAllExited?.();
      return;
    }
    if (onStartFailed) {
      // The first start: a worker that cannot start means the configuration or the environment is wrong.
      failed = true;
      onStartFailed?.(new Error(`gateway worker ${slot.id} exited during start (${signal ?? `code ${code}`}); its log above says why`));
      return;
    }
    slot.crashes = Date.now() - slot.startedAt >= backoff.resetAfterMs ? 1 : slot.crashes + 1;
    const delayMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (slot.crashes - 1));
    restarts++;
    logger.error({ worker: slot.id, pid: worker.process.pid, code, signal, restartInMs: delayMs, crashesInARow: slot.crashes }, 'gateway worker exited unexpectedly; restarting it');
    slot.restartTimer = setTimeout(() => fork(slot), delayMs);
  };

  const stopAll = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      for (const slot of slots) {
        if (slot.restartTimer) clearTimeout(slot.restartTimer);
        slot.restartTimer = undefined;
      }
      const live = slots.filter((slot) => slot.worker);
      logger.info({ reason, workers: live.length, stopTimeoutMs: options.stopTimeoutMs }, 'stopping gateway workers: each drains, finishes its requests and flushes');
      const allExited = new Promise<void>((resolve) => {
        onAllExited = resolve;
        if (slots.every((s) => !s.worker)) resolve();
      });
      for (const slot of live) slot.worker?.process.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([allExited.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.stopTimeoutMs)))]);
      clearTimeout(timer);
      if (timedOut) {
        const stuck = slots.filter((slot) => slot.worker);
        logger.error({ workers: stuck.map((slot) => ({ worker: slot.id, pid: slot.worker?.process.pid })) }, 'gateway workers did not exit in time; killing them');
        for (const slot of stuck) slot.worker?.process.kill('SIGKILL');
        await allExited;
        return 1;
      }
      const unclean = [...exits.entries()].filter(([, exit]) => exit.code !== 0);
      if (unclean.length > 0) logger.error({ workers: unclean.map(([worker, exit]) => ({ worker, ...exit })) }, 'gateway workers exited uncleanly during the stop');
      logger.info('all gateway workers stopped');
      return unclean.length > 0 ? 1 : 0;
    })();
    return stopping;
  };

  const started = new Promise<void>((resolve, reject) => {
    onAllReady = () => {
      onAllReady = undefined;
      onStartFailed = undefined;
      resolve();
    };
    onStartFailed = (error) => {
      onAllReady = undefined;
      onStartFailed = undefined;
      for (const slot of slots) slot.worker?.process.kill('SIGTERM');
      const allExited = new Promise<void>((done) => {
        onAllExited = done;
        if (slots.every((s) => !s.worker)) done();
      });
      const killTimer = setTimeout(() => slots.forEach((slot) => slot.worker?.process.kill('SIGKILL')), options.stopTimeoutMs);
      void allExited.then(() => {
        clearTimeout(killTimer);
        reject(error);
      });
    };
  });
  const pool: WorkerPool = {
    started,
    ready: () => slots.flatMap((slot) => (slot.worker && slot.ready ? [asPoolWorker(slot, slot.worker)] : [])),
    worker: (id) => {
      const slot = slots[id - 1];
      return slot?.worker ? asPoolWorker(slot, slot.worker) : undefined;
    },
    get restarts() {
      return restarts;
    },
    stop: stopAll,
  };

  for (const signal of options.signals ?? []) {
    process.on(signal, () => {
      // A second signal while stopping changes nothing: the bounded wait already ends it.
      if (stopping) return;
      // Stopped before every worker listened: the same drain, then exit.
      onAllReady = undefined;
      onStartFailed = undefined;
      void stopAll(signal).then((code) => (options.exit ?? process.exit)(code));
    });
  }
  // Structured clone instead of JSON on the IPC channel: metric values may be NaN or infinite.
  cluster.setupPrimary({ serialization: 'advanced' });
  for (const slot of slots) fork(slot);
  return pool;
}
