import type { Registry } from 'prom-client';
import { METRICS_ANSWER, METRICS_COLLECT, METRICS_REPORT, METRICS_REQUEST, toWorkerSchema, type MetricJson } from './cluster-metrics-messages.ts';

export interface ClusterMetricsWorkerOptions {
  /** This worker's number (GATEWAY_WORKER_ID): the label of its share in `perWorker`. */
  workerId: number;
  /**
   * A per-worker series derived at report time from one of the registry's counters (its values summed),
   * labelled `worker`: how the load spreads, without a worker label on any per-request metric.
   */
  perWorker?: { name: string; help: string; from: string };
  /** How long a scrape waits for the primary's merged answer. */
  timeoutMs?: number;
}

export interface ClusterMetricsWorker {
  /** The whole cluster's metrics in Prometheus text, merged by the primary. */
  scrape(): Promise<string>;
}

/** This worker's registry, plus the per-worker share, as prom-client JSON. */
async function report(registry: Registry, options: ClusterMetricsWorkerOptions): Promise<MetricJson[]> {
  const metrics = (await registry.getMetricsAsJSON()) as unknown as MetricJson[];
  const share = options.perWorker;
  if (!share) return metrics;
  const source = metrics.find((metric) => metric.name === share.from);
  const value = source ? source.values.reduce((total, entry) => total + entry.value, 0) : 0;
  return [...metrics, { name: share.name, help: share.help, type: 'counter', aggregator: 'sum', values: [{ labels: { worker: String(options.workerId) }, value }] }];
}

/**
 * A cluster worker's side of `/metrics`: answers the primary's collection with its registry, and serves a
 * scrape by asking the primary for everyone's (cluster-metrics-hub.ts), since a scrape on the shared port
 * lands on one worker but must speak for all of them.
 */
export function clusterMetricsWorker(registry: Registry, options: ClusterMetricsWorkerOptions): ClusterMetricsWorker {
  const send = process.send?.bind(process);
  if (!send) throw new Error('clusterMetricsWorker runs in a cluster worker (no IPC channel to the primary)');
  const pending = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    const parsed = toWorkerSchema.safeParse(message);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === METRICS_COLLECT) {
      void report(registry, options).then(
        (metrics) => send({ type: METRICS_REPORT, id: msg.id, metrics }),
        (error: unknown) => send({ type: METRICS_REPORT, id: msg.id, error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.text !== undefined) waiter.resolve(msg.text);
    else waiter.reject(new Error(msg.error ?? 'the primary sent no metrics'));
  });
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    scrape: () =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the primary did not answer the scrape within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (text) => {
            clearTimeout(timer);
            resolve(text);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        send({ type: METRICS_REQUEST, id });
      }),
  };
}
