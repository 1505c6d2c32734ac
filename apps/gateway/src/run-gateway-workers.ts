import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { ClusterMetricsHub } from '@switchboard/data-plane';
import { runWorkers, type ServiceSettings, type WorkerPool } from '@switchboard/service-kit';
import { spendJournalBase, workerJournalDir } from './worker-settings.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Past drain and grace, the time each worker's shutdown gets for its final spend flush (SpendWriter.close: 10 s) and pool closes. */
const FLUSH_MARGIN_MS = 15_000;

/**
 * The cluster primary: it serves no request itself. It forks `workers` gateway processes on the shared
 * port, each with its own spend journal folder (SPEND_JOURNAL_DIR/worker-N: the journal locks its folder)
 * and, being its own process, its own upstream pool; merges their metrics for `/metrics`; restarts a crashed
 * one; and on SIGTERM/SIGINT drains them all (each runs run-service's shutdown order) and exits after the
 * last, 0 when all stopped cleanly.
 */
export async function runGatewayWorkers(workers: number, settings: ServiceSettings, env: Env, logger: Logger): Promise<WorkerPool> {
  const journalBase = spendJournalBase(env);
  const registry = new Registry();
  // The primary's own process metrics join the workers' sums: resident memory and CPU then read as the pod's.
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
  let pool: WorkerPool | undefined;
  new Gauge({
    name: 'switchboard_workers',
    help: 'Gateway worker processes serving (GATEWAY_WORKERS); fewer while one restarts',
    registers: [registry],
    collect() {
      this.set(pool?.ready().length ?? 0);
    },
  });
  new Counter({
    name: 'switchboard_worker_restarts_total',
    help: 'Gateway workers restarted after exiting unexpectedly',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(pool?.restarts ?? 0);
    },
  });
  const hub = new ClusterMetricsHub({ ready: () => pool?.ready() ?? [], worker: (id) => pool?.worker(id) }, registry);
  pool = runWorkers({
    count: workers,
    logger,
    envOf: (id) => ({ GATEWAY_WORKER_ID: String(id), SPEND_JOURNAL_DIR: workerJournalDir(journalBase, id) }),
    stopTimeoutMs: settings.drainMs + settings.graceMs + FLUSH_MARGIN_MS,
    signals: ['SIGTERM', 'SIGINT'],
    onMessage: (id, message) => hub.handle(id, message),
    onWorkerExit: (id) => hub.workerExited(id),
  });
  await pool.started;
  logger.info({ workers, port: settings.port, journalBase }, 'gateway workers started');
  return pool;
}
